export { namesAdminRoutes } from './routes.js';
export {
  Linker,
  AUTO_CONFIDENCE,
  PARTICLES,
  MENTION_TYPES,
  type EntityRef,
  type Mention,
  type MentionType,
  type NameEntry,
} from './linker.js';
export {
  currentHangulLexicon,
  currentLinker,
  loadNameDictionary,
  namesFingerprint,
} from './names.repository.js';
export {
  BREAK,
  choseong,
  foldWithPositions,
  foldedWords,
  isChoseongWord,
  isHangulWord,
  jamo,
  nameKey,
  wellFormed,
  type FoldedText,
} from './normalize.js';
export {
  FAMILY_SPELLINGS,
  INITIAL_SPELLINGS,
  VOWEL_SPELLINGS,
  FINAL_SPELLINGS,
  SYLLABLE_SPELLINGS,
  romanizePersonName,
} from './romanization.js';
export {
  partVariants,
  personVariants,
  titleVariants,
  westernOrder,
  type NameVariant,
} from './variants.js';
