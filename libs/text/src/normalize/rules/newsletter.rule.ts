import { countWords, endsSentence, isTitleCase } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// Subscription and newsletter prompts: "Sign up for our newsletter", "Get notified about new articles".
// Either an imperative call to action at the start, or a subscription keyword in a line that does not read as a
// sentence (button/banner text), so that prose such as "Its newsletter has 10,000 readers." is kept.

const CALL_TO_ACTION =
  /^(?:subscribe|sign up|sign-up|register|join (?:our|the|us)|get (?:notified|our|the latest|breaking|alerts|updates)|never miss|don'?t miss|want more|enter your e-?mail|receive (?:our|the))\b/i;
const SUBSCRIPTION_WORDS =
  /\b(?:newsletters?|subscribe|subscription|unsubscribe|inbox|e-?mail alerts?|notifications)\b/i;

export const newsletterRule: ParagraphRule = {
  name: 'newsletter',
  maxLength: 200,
  matches(p) {
    // The two keyword regexes first: they reject ordinary prose far more cheaply than counting its words, and every
    // match needs one of them anyway.
    const callToAction = CALL_TO_ACTION.test(p);
    if (!callToAction && !SUBSCRIPTION_WORDS.test(p)) return false;
    if (countWords(p, 25) > 25) return false;
    return callToAction || !endsSentence(p) || isTitleCase(p);
  },
};
