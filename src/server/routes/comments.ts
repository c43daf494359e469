// Comments on a use case: list, add. Text is untrusted: validated by the application layer
// (length, control characters) and sent back as JSON text, never as markup.
import { z } from 'zod';
import { addComment, commentsOn } from '../../application/comments.js';
import { COMMENT_MAX_LENGTH, type Comment } from '../../domain/comment.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { errorBodySchema } from '../errors.js';

export const commentSchema = z.object({
  id: z.string(),
  use_case: z.string(),
  author: z.string(),
  body: z.string().describe('plain text; show it as text, never as HTML'),
  created_at: z.string(),
  mentions: z.array(z.string()).describe('the usernames it mentions that have an account; each sees it in their inbox'),
});

const commentView = (c: Comment): z.infer<typeof commentSchema> => ({ id: c.id, use_case: c.useCaseId, author: c.author, body: c.body, created_at: c.createdAt, mentions: c.mentions });

export async function commentRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['comments'];

  app.get(
    '/api/use-cases/:id/comments',
    { schema: { tags, summary: "A use case's comments, oldest first", params: idParamsSchema, response: { 200: z.object({ items: z.array(commentSchema) }), 404: errorBodySchema } }, config: { access: { permission: 'read' } } },
    async (request) => ({ items: (await commentsOn(deps.store.db, request.params.id)).map(commentView) }),
  );

  app.post(
    '/api/use-cases/:id/comments',
    {
      schema: {
        tags,
        summary: 'Add a comment; @username mentions reach those people\'s inbox. Comments are not edited or deleted: write a new one to correct',
        params: idParamsSchema,
        // Checked once more, with every problem named, by the application layer (domain/comment.ts).
        body: z.object({ body: z.string().max(COMMENT_MAX_LENGTH * 2).describe(`plain text, 1-${COMMENT_MAX_LENGTH} characters`) }),
        response: { 201: commentSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
      config: { access: { permission: 'comment.add' } },
    },
    async (request, reply) => {
      const comment = await addComment(deps.store, { useCaseId: request.params.id, author: request.principal!.user.username, body: request.body, now: deps.now() });
      return reply.code(201).send(commentView(comment));
    },
  );
}
