import type { ReportBuilder } from './report';
import { agencyCreditRule } from './rules/agency-credit.rule';
import { captionRule } from './rules/caption.rule';
import { commentPromptRule } from './rules/comment-prompt.rule';
import { copyrightRule } from './rules/copyright.rule';
import { mediaTeaserRule } from './rules/media-teaser.rule';
import { newsletterRule } from './rules/newsletter.rule';
import { pageFurnitureRule } from './rules/page-furniture.rule';
import type { ParagraphRule } from './rules/paragraph-rule';
import { shareFollowRule } from './rules/share-follow.rule';
import { findTailFurniture, TAIL_FURNITURE_RULE } from './rules/tail-furniture.rule';
import { timestampRule } from './rules/timestamp.rule';

/** Order matters only where two rules could claim one line; the first match names the removal. */
export const PARAGRAPH_RULES: readonly ParagraphRule[] = [
  captionRule,
  agencyCreditRule,
  timestampRule,
  newsletterRule,
  commentPromptRule,
  shareFollowRule,
  mediaTeaserRule,
  copyrightRule,
  pageFurnitureRule,
];

const HAS_LETTER = /\p{L}/u;

export interface BoilerplateResult {
  kept: string[];
  /** Removed paragraphs with the rule that removed them, in document order. */
  removed: { rule: string; text: string }[];
}

export function removeBoilerplate(paragraphs: string[], report: ReportBuilder): BoilerplateResult {
  // Every furniture shape contains a letter; letterless paragraphs ("***", "—") skip the rule chain.
  const ruleOf: (string | null)[] = paragraphs.map((p) =>
    HAS_LETTER.test(p)
      ? (PARAGRAPH_RULES.find((rule) => p.length <= rule.maxLength && rule.matches(p))?.name ?? null)
      : null,
  );
  for (const i of findTailFurniture(
    paragraphs,
    ruleOf.map((r) => r !== null),
  ))
    ruleOf[i] = TAIL_FURNITURE_RULE;

  const kept: string[] = [];
  const removed: BoilerplateResult['removed'] = [];
  paragraphs.forEach((text, i) => {
    const rule = ruleOf[i];
    if (rule === null) kept.push(text);
    else {
      report.remove(rule, text);
      removed.push({ rule, text });
    }
  });
  return { kept, removed };
}
