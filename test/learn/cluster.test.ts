import { describe, expect, it } from 'vitest';
import { clusterQuestions, features, jaccard, type ClusterInput } from '../../src/learn/cluster.ts';

/** Declined and unsure questions as people type them: the same gap in several wordings, both languages, typos and case. */
const ASKED: [string, string][] = [
  ['how do i deploy to kubernetes', 'p1'],
  ['deploy docker image to kubernetes', 'p2'],
  ['How do I deploy to Kubernetes?', 'p3'],
  ['kubernetes deploy', 'p1'],
  ['怎么用k8s部署', 'p4'],
  ['k8s 怎么部署应用', 'p8'],
  ['how to use helm chart', 'p2'],
  ['what is a helm chart', 'p5'],
  ['helm chart for my app', 'p6'],
  ['搭建 harbor 私有仓库', 'p4'],
  ['harbor 私有仓库怎么搭建', 'p7'],
  ['podman vs docker', 'p3'],
  ['is podman better than docker', 'p8'],
  ['weather in beijing', 'p9'],
  ['docker desktop license cost', 'p1'],
];
const items: ClusterInput[] = ASKED.map(([text, asker], i) => ({ text, asker, lang: /\p{Script=Han}/u.test(text) ? 'zh' : 'en', outcome: i % 3 ? 'declined' : 'suggested' }));

describe('features', () => {
  it('keeps content words (stemmed) and Chinese words, drops glue, "docker" and punctuation', () => {
    expect([...features('How do I deploy to Kubernetes?')].sort()).toEqual(['deploi', 'kubernet']);
    // Other forms of a word and of the generic ones meet: "deployed", "containers".
    expect([...features('deployed containers on k8s')].sort()).toEqual(['deploi', 'kubernet']);
    expect([...features('harbor 私有仓库怎么搭建')].sort()).toEqual(['harbor', '仓库', '搭建', '私有'].sort());
    expect([...features('怎么用k8s部署')].sort()).toEqual(['kubernet', '部署']);
    expect(features('docker ??')).toEqual(new Set());
  });

  it('jaccard is shared over all, and 0 for two empty sets', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('clusterQuestions', () => {
  it('groups one gap in several wordings and both languages, most asked first, with counts and distinct people', () => {
    const clusters = clusterQuestions(items);
    const k8s = clusters[0]!;
    // "?" and case do not make another wording; p1 asked twice and counts once.
    expect(k8s).toMatchObject({ text: 'how do i deploy to kubernetes', count: 4, people: 3, lang: 'en' });
    expect(k8s.examples).toEqual(['deploy docker image to kubernetes', 'kubernetes deploy']);
    expect(k8s.outcomes.declined + k8s.outcomes.suggested).toBe(4);
    expect(clusters.find((c) => c.text.includes('k8s'))).toMatchObject({ count: 2, people: 2, lang: 'zh' });
    const helm = clusters.find((c) => c.text.includes('helm'))!;
    expect(helm).toMatchObject({ count: 3, people: 3 });
    expect(clusters.find((c) => c.text.includes('harbor'))).toMatchObject({ count: 2, people: 2, lang: 'zh' });
    expect(clusters.find((c) => c.text.includes('podman'))).toMatchObject({ count: 2 });
    // Unrelated questions stay apart.
    expect(clusters.find((c) => c.text === 'weather in beijing')).toMatchObject({ count: 1, examples: [] });
    expect(clusters.map((c) => c.count)).toEqual([...clusters.map((c) => c.count)].sort((a, b) => b - a));
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(items.length);
  });

  it('is deterministic: the same questions in any order give the same clusters', () => {
    const expected = clusterQuestions(items);
    const reversed = clusterQuestions([...items].reverse());
    const shuffled = clusterQuestions([...items].sort((a, b) => (a.text.length * 7919) % 13 - (b.text.length * 7919) % 13));
    expect(reversed).toEqual(expected);
    expect(shuffled).toEqual(expected);
  });

  it('clusters 20,000 questions in well under a second', () => {
    const topics = ['helm chart', 'kubernetes ingress', 'podman rootless', 'harbor registry', 'nomad job', 'k3s cluster', 'terraform provider', 'ansible playbook'];
    const many: ClusterInput[] = [];
    for (let i = 0; i < 20_000; i++) {
      many.push({ text: `how to set up ${topics[i % topics.length]} number ${i % 500}`, asker: `p${i % 300}`, lang: 'en', outcome: 'declined' });
    }
    const started = performance.now();
    const clusters = clusterQuestions(many);
    const ms = performance.now() - started;
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(20_000);
    expect(ms).toBeLessThan(1500);
  });
});
