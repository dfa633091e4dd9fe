import { countWords } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// "© 2024 Example Media", "Copyright 2022 The Associated Press. All rights reserved."

const COPYRIGHT =
  /^(?:\u00A9|\(c\)|copyright\b)|\ball rights reserved\b|\bmay not be (?:published|reproduced|redistributed)\b/i;

export const copyrightRule: ParagraphRule = {
  name: 'copyright',
  maxLength: 300,
  matches: (p) => COPYRIGHT.test(p) && countWords(p, 40) <= 40,
};
