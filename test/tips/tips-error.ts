import { expect } from 'vitest';
import { TipsError } from '../../src/tips/command.ts';

/** Runs `fn`, expects it to throw a well-formed TipsError (bilingual, short) and returns it. */
export function expectTipsError(fn: () => unknown): TipsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TipsError);
    const e = error as TipsError;
    expect(e.code).toBe('TIPS_INVALID');
    expect(e.message).toBe(e.messages.en);
    expect(e.messages.zh).toMatch(/\p{Script=Han}/u);
    expect(e.message.length).toBeLessThan(300);
    return e;
  }
  throw new Error('expected a TipsError');
}

/** `expectTipsError` for an async `fn`: expects it to reject with a well-formed TipsError. */
export async function expectTipsRejection(fn: () => Promise<unknown>): Promise<TipsError> {
  let failure: unknown = null;
  try {
    await fn();
  } catch (error) {
    failure = error;
  }
  return expectTipsError(() => {
    if (failure) throw failure;
  });
}
