/** The part of `stopword` (3.x, no types of its own) the local summarizer uses: each language's list. */
declare module "stopword" {
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
  export const deu: string[];
  export const ita: string[];
  export const por: string[];
  export const nld: string[];
  export const jpn: string[];
  export const zho: string[];
  export const kor: string[];
}
