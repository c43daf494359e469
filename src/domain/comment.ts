// A comment on a use case: plain text that people write to each other, with `@username`
// mentions. Untrusted input: bounded in length, no control characters but line breaks and
// tabs, and always shown as text (the dashboard never renders it as HTML).
import { z } from 'zod';

export const COMMENT_MAX_LENGTH = 4000;
/** How many people one comment may mention (a longer list is a broadcast, not a mention). */
export const COMMENT_MAX_MENTIONS = 20;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const commentBodySchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'write something: the comment is empty')
    .max(COMMENT_MAX_LENGTH, `at most ${COMMENT_MAX_LENGTH} characters`)
    .refine((s) => !CONTROL.test(s), 'control characters are not allowed (line breaks and tabs are)'),
});
export type CommentBody = z.infer<typeof commentBodySchema>;

export interface Comment {
  id: string; // cm_...
  useCaseId: string;
  author: string;
  body: string;
  createdAt: string;
  /** The people the comment mentions who have an account, in order of first mention. */
  mentions: string[];
}

// A mention starts the text or follows a character that cannot be part of a username, so
// an e-mail address written in full ("mail a.b@c.example") is not read as one.
const MENTION = /(?<![a-z0-9._@+-])@([a-z][a-z0-9._@+-]{1,63})/gi;

/** The usernames a text mentions, lower-cased, each once, in order; trailing punctuation is not part of a name. */
export function mentionsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const name = m[1]!.toLowerCase().replace(/[._@+-]+$/, '');
    if (name.length >= 2 && !out.includes(name)) out.push(name);
  }
  return out;
}
