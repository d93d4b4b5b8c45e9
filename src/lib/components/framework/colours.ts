// Colours of the framework explorer, from the Okabe-Ito palette (distinguishable with the common
// colour-vision deficiencies); colour is never the only cue: every mark also has a text label.
import type { NormativeContext, QuadrantName, TensionKind } from '../../core/mmhs';
import { getContext } from '../../core/mmhs';

/** A quadrant's strong colour, a light tint to fill areas with, and a dark ink readable on both. */
export interface QuadrantColour {
  fill: string;
  tint: string;
  ink: string;
}

/** Quadrant colours; the same hues as the app's --c-heaven, --c-magic, --c-sin, --c-madness. */
export const QUADRANT_COLOURS: Readonly<Record<QuadrantName, QuadrantColour>> = {
  Heaven: { fill: '#0072B2', tint: '#E3EFF7', ink: '#004B75' },
  Magic: { fill: '#E69F00', tint: '#FCF1DA', ink: '#6E4B00' },
  Sin: { fill: '#009E73', tint: '#DEF3EC', ink: '#005C43' },
  Madness: { fill: '#CC79A7', tint: '#F7E7F0', ink: '#7F3560' },
};

/** A context's colour: that of the quadrant Figure 1 places it in. */
export function contextColour(context: NormativeContext): QuadrantColour {
  return QUADRANT_COLOURS[getContext(context).quadrant];
}

/** Table 1 groups: vermillion, sky blue and yellow, each with a tint and a readable ink. */
export const TENSION_COLOURS: Readonly<Record<TensionKind, QuadrantColour>> = {
  'opposing-behaviors': { fill: '#D55E00', tint: '#FAE3D3', ink: '#8A3C00' },
  'different-valuations': { fill: '#56B4E9', tint: '#E2F2FB', ink: '#1D5F85' },
  'different-contexts': { fill: '#F0E442', tint: '#FBF8D2', ink: '#5E5800' },
};

/** Line colour of two contexts demanding opposite poles (a conflict), and of aligned ones. */
export const CONFLICT_COLOUR = '#D55E00';
export const ALIGNED_COLOUR = '#5B6470';
