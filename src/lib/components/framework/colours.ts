// Colours of the framework explorer: names kept for its components; the values live in the one
// chart palette (core/views/palette.ts).
export {
  ALIGNED_COLOUR,
  CONFLICT_COLOUR,
  QUADRANT_TONES as QUADRANT_COLOURS,
  TENSION_TONES as TENSION_COLOURS,
  contextTone as contextColour,
} from '../../core/views/palette';
