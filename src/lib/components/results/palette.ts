// Class colours of the Results views: the Okabe-Ito palette, distinguishable with the common
// colour-vision deficiencies, each with the text colour that keeps contrast on it.

/** One class colour and the text colour to write on it. */
export interface ClassColour {
  fill: string;
  text: string;
  name: string;
}

/** The eight Okabe-Ito colours, most distinct first; classes beyond eight reuse them in order. */
export const CLASS_COLOURS: readonly ClassColour[] = [
  { fill: '#0072B2', text: '#ffffff', name: 'blue' },
  { fill: '#E69F00', text: '#000000', name: 'orange' },
  { fill: '#009E73', text: '#000000', name: 'bluish green' },
  { fill: '#CC79A7', text: '#000000', name: 'reddish purple' },
  { fill: '#56B4E9', text: '#000000', name: 'sky blue' },
  { fill: '#D55E00', text: '#000000', name: 'vermillion' },
  { fill: '#F0E442', text: '#000000', name: 'yellow' },
  { fill: '#000000', text: '#ffffff', name: 'black' },
];

/** The colour of a 0-based class number (numbers are always shown too: colour is never alone). */
export function classColour(index: number): ClassColour {
  const n = CLASS_COLOURS.length;
  return CLASS_COLOURS[((Math.floor(index) % n) + n) % n] as ClassColour;
}
