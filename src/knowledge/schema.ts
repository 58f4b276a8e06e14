import { z } from 'zod';

/** A note id: lower-case words joined by "-". Adapters check ids coming back from buttons with it. */
export const TOPIC_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID = TOPIC_ID_PATTERN;
const id = z.string().regex(ID, 'must be lower-case words joined by "-"');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const bilingualText = (max: number) => z.strictObject({ en: text(max), zh: text(max) });
const aliasList = z.array(text(80)).min(1, 'needs at least one alias');

/** Tip texts are posted as chat messages: a few sentences, not a page. */
export const TIP_MAX_CHARS = 400;
export const TIP_EXAMPLE_MAX_CHARS = 400;

/** The front matter of a knowledge file, as written. See knowledge/README.md. */
export const frontMatterSchema = z.strictObject({
  id,
  title: bilingualText(120),
  aliases: z.strictObject({ en: aliasList, zh: aliasList }),
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9 .+-]*$/, 'tags are lower-case words')).min(1, 'needs at least one tag'),
  related: z.array(id).default([]),
  compares: z.array(id).default([]),
  checked: z
    .string()
    .trim()
    .regex(/^engine \d+(?:\.\d+)*(?:, [a-z]+ v?\d+(?:\.\d+)*)*$/, 'must look like "engine 29.7, compose 5.5" (engine first, then any other tools)'),
  errors: z
    .array(
      z.union([
        text(300),
        z.strictObject({ text: text(300), since: text(40).optional(), until: text(40).optional() }),
      ]),
    )
    .default([]),
  tip: z
    .strictObject({
      en: text(TIP_MAX_CHARS),
      zh: text(TIP_MAX_CHARS),
      example: text(TIP_EXAMPLE_MAX_CHARS).optional(),
    })
    .optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
