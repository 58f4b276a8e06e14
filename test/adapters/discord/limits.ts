/**
 * Checks a Discord message body against the platform's limits (DESIGN.md) and for anything that
 * could ping. Written from Discord's documentation, independently of adapters/discord/text.ts.
 */
export interface CheckedMessage {
  content?: string;
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
    author?: { name: string };
  }[];
  components?: { type: number; components: { type: number; label?: string; custom_id?: string; placeholder?: string; options?: { label: string; value: string }[] }[] }[];
  choices?: { name: string; value: string | number }[];
}

/** Every broken limit, as readable strings; empty when the message is valid. */
export function limitProblems(message: CheckedMessage): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (value: string, max: number, what: string, allowEmpty = false) => {
    check(value.length <= max, `${what} has ${value.length} > ${max} characters`);
    check(allowEmpty || value.length > 0, `${what} is empty`);
    check(value.isWellFormed(), `${what} has a lone surrogate`);
  };
  if (message.content !== undefined) text(message.content, 2000, 'content', true);
  check((message.embeds ?? []).length <= 10, 'more than 10 embeds');
  for (const [i, embed] of (message.embeds ?? []).entries()) {
    let total = 0;
    if (embed.title !== undefined) {
      text(embed.title, 256, `embed ${i} title`);
      total += embed.title.length;
    }
    if (embed.description !== undefined) {
      text(embed.description, 4096, `embed ${i} description`);
      total += embed.description.length;
    }
    const fields = embed.fields ?? [];
    check(fields.length <= 25, `embed ${i} has ${fields.length} fields`);
    for (const [j, field] of fields.entries()) {
      text(field.name, 256, `embed ${i} field ${j} name`);
      text(field.value, 1024, `embed ${i} field ${j} value`);
      total += field.name.length + field.value.length;
    }
    if (embed.footer) {
      text(embed.footer.text, 2048, `embed ${i} footer`);
      total += embed.footer.text.length;
    }
    if (embed.author) {
      text(embed.author.name, 256, `embed ${i} author`);
      total += embed.author.name.length;
    }
    check(total <= 6000, `embed ${i} totals ${total} > 6000 characters`);
  }
  const rows = message.components ?? [];
  check(rows.length <= 5, `${rows.length} action rows`);
  const ids = new Set<string>();
  for (const [i, row] of rows.entries()) {
    check(row.type === 1, `row ${i} is not an action row`);
    check(row.components.length >= 1 && row.components.length <= 5, `row ${i} has ${row.components.length} components`);
    for (const button of row.components) {
      if (button.type === 3) {
        // A string select: alone in its row, 1 to 25 options of at most 100 characters each.
        check(row.components.length === 1, `row ${i} has a select menu beside other components`);
        if (button.placeholder !== undefined) text(button.placeholder, 150, `row ${i} select placeholder`);
        const options = button.options ?? [];
        check(options.length >= 1 && options.length <= 25, `row ${i} select has ${options.length} options`);
        for (const option of options) {
          text(option.label, 100, `row ${i} option label`);
          text(option.value, 100, `row ${i} option value`);
        }
      } else text(button.label ?? '', 80, `row ${i} button label`);
      const id = button.custom_id ?? '';
      text(id, 100, `row ${i} custom_id`);
      check(!ids.has(id), `custom_id ${id} is used twice`);
      ids.add(id);
    }
  }
  const choices = message.choices ?? [];
  check(choices.length <= 25, `${choices.length} choices`);
  for (const choice of choices) {
    text(choice.name, 100, 'choice name');
    text(String(choice.value), 100, 'choice value');
  }
  return problems;
}

/** Every visible string of a message. */
function visibleTexts(message: CheckedMessage): string[] {
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]),
    ...(message.components ?? []).flatMap((r) => r.components.map((b) => b.label ?? '')),
    ...(message.choices ?? []).map((c) => c.name),
  ];
}

/** Texts that would read as a live mention: @everyone/@here, or an unescaped <@user>, <@!user>, <@&role>. */
export function mentionProblems(message: CheckedMessage): string[] {
  return visibleTexts(message).filter((s) => /@(everyone|here)/i.test(s) || /(?<!\\)<@[!&]?\d+>/.test(s));
}
