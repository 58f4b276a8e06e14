import { expect, it } from 'vitest';
import { startHarness, callbackOf } from './harness.ts';
import { commandInteraction } from '../../support/fake-discord-payloads.ts';

it('smoke', async () => {
  const h = await startHarness();
  const p = commandInteraction(h.fake, 'docker', [{ name: 'question', type: 3, value: 'cmd vs entrypoint' }]);
  const r = await h.interact(p);
  console.log(JSON.stringify(callbackOf(r), null, 1).slice(0, 3000), r.authorization, h.fake.identifies[0]);
  expect(callbackOf(r).type).toBe(4);
  await h.close();
});
