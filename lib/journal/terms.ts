// What search compares: words and tags made comparable (case, accents, compatibility forms) and cut into terms. Each
// term is stored only as a keyed hash (blindIndex), so the same code must make the terms of an entry and of a query.
import { PROMPT_KEYS, type EntryContent } from './model';

/** 'w' a whole word, 'p' the start of a longer word, 't' a tag, 'm' a mood. */
export type TermKind = 'w' | 'p' | 't' | 'm';
export interface Term {
  kind: TermKind;
  value: string;
}

// Prefixes make "breath" find "breathing": every start of 3 to 8 letters of a word of 4 or more. Longer queries match
// whole words only, which keeps the index to a few rows per word.
export const PREFIX_MIN = 3;
export const PREFIX_MAX = 8;
const WORD_MAX = 64;
/** A query of more words than this uses the first ones. */
export const QUERY_WORDS_MAX = 10;

/**
 * Text as search compares it: compatibility forms folded (ﬁ → fi, full-width → ASCII), accents dropped, lower case,
 * with the two case foldings lower case misses (ß → ss, final ς → σ).
 */
export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ').normalize('NFC');
}

// Scripts written without spaces between words: each character is a term of its own.
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
// A word: one character of those scripts, or a run of other letters and digits.
const TOKEN = new RegExp(`[${UNSPACED}]|(?:[^\\P{L}${UNSPACED}]|\\p{N})+`, 'gu');
// An apostrophe inside a word joins it ("don't" is one word, "dont").
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’ʼ](?=[\p{L}\p{N}])/gu;
const isUnspaced = new RegExp(`^[${UNSPACED}]$`, 'u');

/** The words of a text, normalised, in order, repeats kept. One-letter words are left out, except in unspaced scripts. */
export function tokenise(text: string): string[] {
  const words: string[] = [];
  for (const match of normalise(text).replace(INNER_APOSTROPHE, '').matchAll(TOKEN)) {
    const word = Array.from(match[0]).slice(0, WORD_MAX).join('');
    if (Array.from(word).length >= 2 || isUnspaced.test(word)) words.push(word);
  }
  return words;
}

/** The starts of a word that its prefix terms index. */
export function prefixesOf(word: string): string[] {
  const letters = Array.from(word);
  if (letters.length <= PREFIX_MIN) return [];
  const prefixes: string[] = [];
  for (let length = PREFIX_MIN; length <= Math.min(letters.length - 1, PREFIX_MAX); length++) prefixes.push(letters.slice(0, length).join(''));
  return prefixes;
}

/** A tag as search compares it: normalised, inner spaces collapsed. */
export const tagTerm = (tag: string) => normalise(tag).replace(/\s+/g, ' ').trim();

const key = (term: Term) => `${term.kind}:${term.value}`;

/** Every term of an entry, each once: its words (title, prompts, free writing and tags) with their prefixes, and its tags. */
export function entryTerms(content: EntryContent): Term[] {
  const found = new Map<string, Term>();
  const add = (term: Term) => found.set(key(term), term);
  const text = [content.title, ...PROMPT_KEYS.map((prompt) => content.prompts[prompt]), content.text, ...content.tags].join('\n');
  for (const word of new Set(tokenise(text))) {
    add({ kind: 'w', value: word });
    for (const prefix of prefixesOf(word)) add({ kind: 'p', value: prefix });
  }
  for (const tag of content.tags) {
    const value = tagTerm(tag);
    if (value) add({ kind: 't', value });
  }
  return [...found.values()];
}

/**
 * The words of a query, each as the terms any of which matches it: the whole word, and for a word of 3 to 8 letters
 * also a longer word starting with it. An entry matches a query when it matches every word.
 */
export function queryWordTerms(query: string): Term[][] {
  return [...new Set(tokenise(query))].slice(0, QUERY_WORDS_MAX).map((word) => {
    const length = Array.from(word).length;
    const terms: Term[] = [{ kind: 'w', value: word }];
    if (length >= PREFIX_MIN && length <= PREFIX_MAX) terms.push({ kind: 'p', value: word });
    return terms;
  });
}
