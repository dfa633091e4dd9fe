import { commentPromptRule } from './comment-prompt.rule';

describe('comment-prompt rule', () => {
  it.each(['Leave a Comment', '12 comments', 'Comments (4)', 'Join the conversation', 'Comments are closed.'])(
    'removes %p',
    (line) => expect(commentPromptRule.matches(line)).toBe(true),
  );

  it.each(['He declined to comment.', 'Leave a comment about the plan was all she said.'])('keeps %p', (line) =>
    expect(commentPromptRule.matches(line)).toBe(false),
  );
});
