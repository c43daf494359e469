// The comments on a use case, oldest first, and a form to add one. Text is shown as text
// (React escapes it; nothing is rendered as HTML); @username mentions reach that person's
// "My work" page. Comments are not edited or deleted: a correction is a new comment.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { addComment, COMMENT_MAX_LENGTH, commentsQuery } from '../api-inbox';
import { when } from '../format';

export function CommentThread({ useCase, canComment }: { useCase: string; canComment: boolean }) {
  const client = useQueryClient();
  const comments = useQuery(commentsQuery(useCase));
  const form = useForm<{ body: string }>({ defaultValues: { body: '' } });
  const add = useMutation({
    mutationFn: (body: string) => addComment(useCase, body),
    onSuccess: () => {
      form.reset();
      return client.invalidateQueries({ queryKey: commentsQuery(useCase).queryKey });
    },
  });
  // Opened from a mention in My work: bring that comment into view once it is shown.
  const items = comments.data?.items;
  useEffect(() => {
    const target = /^#comment-(.+)$/.exec(window.location.hash)?.[1];
    if (items && target) document.getElementById(`comment-${target}`)?.scrollIntoView({ block: 'center' });
  }, [items]);

  return (
    <section className="panel" aria-labelledby="comments">
      <h2 id="comments">Comments</h2>
      {comments.isError && <p className="error small">{comments.error.message}</p>}
      {items && items.length === 0 && <p className="muted small">No comment yet.</p>}
      {items && items.length > 0 && (
        <ul className="timeline">
          {items.map((c) => (
            <li key={c.id} id={`comment-${c.id}`}>
              <strong>{c.author}</strong> <span className="muted small">{when(c.created_at)}</span>
              <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.body}</div>
            </li>
          ))}
        </ul>
      )}
      {canComment && (
        <form onSubmit={form.handleSubmit((v) => add.mutate(v.body))} noValidate>
          <label htmlFor="comment-body">Add a comment</label>
          <textarea
            id="comment-body"
            rows={3}
            style={{ width: '100%' }}
            aria-describedby="comment-help"
            {...form.register('body', { required: 'Write something first.', maxLength: { value: COMMENT_MAX_LENGTH, message: `At most ${COMMENT_MAX_LENGTH} characters.` }, validate: (v) => v.trim() !== '' || 'Write something first.' })}
          />
          <p id="comment-help" className="muted small">
            Write @ followed by someone's username to bring the comment to their attention in My work.
          </p>
          {form.formState.errors.body && (
            <p className="error small" role="alert">
              {form.formState.errors.body.message}
            </p>
          )}
          {add.isError && (
            <p className="error small" role="alert">
              {add.error.message}
            </p>
          )}
          <button type="submit" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add comment'}
          </button>
        </form>
      )}
    </section>
  );
}
