import { deu, eng, fra, ita, jpn, kor, nld, por, spa, zho } from "stopword";
import type { Engagement, NoteSummary } from "./note-summary";

/*
 * The local summary of a tutor's notes (issue 15): extractive and rule-based, deterministic, offline.
 * Key themes are the most frequent words that are not stop words; engagement comes from cue words
 * (English only: other languages simply say "unclear"); follow-ups are the sentences that recommend
 * something. Words and sentences are split by Intl.Segmenter, which knows scripts without spaces
 * (Japanese, Chinese) as well as those with them.
 */

export const MAX_THEMES = 5;
export const MAX_FOLLOW_UPS = 3;
const FOLLOW_UP_MAX_LENGTH = 200;

/**
 * Stop words of the languages tutors most likely write in, plus words every tutoring note uses and
 * that say nothing about its subject.
 */
const STOP_WORDS = new Set<string>([
  ...eng,
  ...spa,
  ...fra,
  ...deu,
  ...ita,
  ...por,
  ...nld,
  ...jpn,
  ...zho,
  ...kor,
  ...["session", "sessions", "lesson", "today", "student", "students", "also", "really", "well", "good", "great", "lot", "bit", "time", "next", "week"],
  ...["worked", "work", "working", "did", "went", "got", "get", "need", "needs", "make", "made", "still", "much", "many", "will", "one", "two", "can", "could", "would"],
  ...["not", "very", "seem", "seemed", "seems", "though", "little", "asked", "felt", "feel", "think", "able"],
  ...["今日", "今回", "次回", "授業", "生徒", "レッスン", "clase", "sesión", "alumno", "alumna", "hoy", "cours", "élève", "séance", "aujourd'hui"],
]);

/** English cues of engagement; a word counts when it starts with one of these stems. */
const POSITIVE_STEMS = ["engag", "focus", "attentiv", "enthusias", "motivat", "participat", "eager", "curious", "keen", "confiden", "interest", "active", "energ", "excit"];
const NEGATIVE_STEMS = [
  "disengag",
  "unfocus",
  "distract",
  "inattentiv",
  "unmotivat",
  "bored",
  "boring",
  "tired",
  "sleepy",
  "frustrat",
  "reluctan",
  "restless",
  "withdrawn",
  "uninterest",
  "off-task",
];
/** A negation within this many words before a positive cue turns it around ("was not very focused"). */
const NEGATION_REACH = 3;
const NEGATIONS = new Set(["not", "never", "no", "hardly", "barely", "little", "without", "lacked", "lacking"]);

/** Recommendation cues (English): the sentences that carry them are the follow-ups. */
const FOLLOW_UP_CUES =
  /\b(next (time|session|lesson|week)|should|needs? to|recommend\w*|suggest\w*|practi[cs]e|homework|review|revis(e|it)|follow[- ]up|work on|keep (working|practi[cs]ing)|plan to|going to|would benefit|try to|encourage)\b/i;

const segmenters = {
  sentence: new Intl.Segmenter("en", { granularity: "sentence" }),
  word: new Intl.Segmenter("en", { granularity: "word" }),
};

/** The notes' sentences: each line on its own (notes are often lists), then split into sentences. */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    const cleaned = line.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, "").trim();
    if (!cleaned) continue;
    for (const { segment } of segmenters.sentence.segment(cleaned)) {
      const sentence = segment.trim();
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}

/** The words of a text, lower-cased, in order (punctuation, spaces and symbols left out). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenters.word.segment(text)) {
    if (isWordLike) words.push(segment.toLocaleLowerCase("en"));
  }
  return words;
}

const HAS_LETTER = /\p{L}/u;
const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Words that carry meaning in Japanese, Chinese or Korean: kanji/hanzi, katakana or hangul (hiragana alone is mostly grammar). */
const WIDE_CONTENT = /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A word that may be a theme: a letter in it, not a stop word or a contraction, long enough to say something. */
function isThemeCandidate(word: string): boolean {
  if (!HAS_LETTER.test(word) || STOP_WORDS.has(word) || /['’]/.test(word)) return false;
  const length = [...word].length;
  // One character of Japanese or Chinese is usually a particle or a fragment; two already a word (分数).
  return WIDE_SCRIPT.test(word) ? length >= 2 && WIDE_CONTENT.test(word) : length >= 3;
}

/** Counts words, merging an English plural into its singular when both occur ("fraction", "fractions"). */
function themeCounts(words: readonly string[]): { word: string; count: number; first: number }[] {
  const counts = new Map<string, { word: string; count: number; first: number }>();
  words.forEach((word, index) => {
    if (!isThemeCandidate(word)) return;
    const entry = counts.get(word);
    if (entry) entry.count += 1;
    else counts.set(word, { word, count: 1, first: index });
  });
  for (const [word, entry] of [...counts]) {
    const singular = word.endsWith("s") ? counts.get(word.slice(0, -1)) : undefined;
    if (singular && singular !== entry) {
      singular.count += entry.count;
      singular.first = Math.min(singular.first, entry.first);
      counts.delete(word);
    }
  }
  return [...counts.values()];
}

/**
 * The key themes: most frequent first, then first seen. Words said more than once win; single mentions
 * fill in only while fewer than three themes repeat (a short note has nothing that repeats).
 */
export function keyThemes(words: readonly string[]): string[] {
  const ranked = themeCounts(words).sort((a, b) => b.count - a.count || a.first - b.first);
  const repeated = ranked.filter((entry) => entry.count > 1);
  const chosen = repeated.length >= 3 ? repeated : ranked;
  return chosen.slice(0, MAX_THEMES).map((entry) => entry.word);
}

const startsWithAny = (word: string, stems: readonly string[]) => stems.some((stem) => word.startsWith(stem));
const isNegation = (word: string) => NEGATIONS.has(word) || word.endsWith("n't") || word.endsWith("n’t");

/**
 * Engagement from cue words: only positive cues → high, only negative → low, both → moderate (or
 * leaning to one side when it has at least two more), none → unclear. "Not focused" is negative.
 */
export function engagementOf(sentences: readonly string[]): Engagement {
  let positive = 0;
  let negative = 0;
  for (const sentence of sentences) {
    const words = wordsOf(sentence);
    words.forEach((word, index) => {
      if (startsWithAny(word, NEGATIVE_STEMS)) negative += 1;
      else if (startsWithAny(word, POSITIVE_STEMS)) {
        const negated = words.slice(Math.max(0, index - NEGATION_REACH), index).some(isNegation);
        if (negated) negative += 1;
        else positive += 1;
      }
    });
  }
  if (positive === 0 && negative === 0) return "unclear";
  if (negative === 0) return "high";
  if (positive === 0) return "low";
  if (positive - negative >= 2) return "high";
  if (negative - positive >= 2) return "low";
  return "moderate";
}

function shorten(sentence: string): string {
  if ([...sentence].length <= FOLLOW_UP_MAX_LENGTH) return sentence;
  const cut = [...sentence].slice(0, FOLLOW_UP_MAX_LENGTH - 1).join("");
  const atWord = cut.replace(/\s+\S*$/, "");
  return `${atWord || cut}…`;
}

/** The sentences that recommend something, in order, each at most 200 characters. */
export function followUpsOf(sentences: readonly string[]): string[] {
  const seen = new Set<string>();
  const followUps: string[] = [];
  for (const sentence of sentences) {
    if (!FOLLOW_UP_CUES.test(sentence) || seen.has(sentence)) continue;
    seen.add(sentence);
    followUps.push(shorten(sentence));
    if (followUps.length === MAX_FOLLOW_UPS) break;
  }
  return followUps;
}

/** The summary of a tutor's notes, or null when there is nothing to summarize (blank, no words). */
export function summarizeNotesLocally(text: string): NoteSummary | null {
  const sentences = sentencesOf(text);
  const words = sentences.flatMap(wordsOf);
  if (!words.some((word) => HAS_LETTER.test(word))) return null;
  return { themes: keyThemes(words), engagement: engagementOf(sentences), followUps: followUpsOf(sentences) };
}
