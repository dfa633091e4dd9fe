import type { ParagraphRule } from './paragraph-rule';

// Comment widgets leave their labels behind: "Leave a Comment", "12 comments", "Join the conversation".

const PROMPT =
  /^(?:(?:leave|post|add|write|join|view|show|read|see)(?: a| the| your| all| our)? (?:comments?|reply|replies|discussion|conversation|debate)|\d+ (?:comments?|replies)|comments?(?: \(\d+\))?|comments are closed|be the first to comment)\W*$/i;

export const commentPromptRule: ParagraphRule = {
  name: 'comment-prompt',
  maxLength: 80,
  matches: (p) => PROMPT.test(p),
};
