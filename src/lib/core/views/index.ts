// Public entry of the chart transforms: results -> chart data (normalisation, aggregation,
// intervals, correlations, projection, probe measures, export helpers). Charts only render these.

export * from './points';
export * from './stats';
export * from './variation';
export * from './quadrant';
export * from './dodge';
export * from './quadrant-layout';
export * from './category-diversity';
export * from './category-layout';
export * from './tradeoff';
export * from './correlation';
export * from './projection';
export * from './societal';
export * from './safety';
export * from './export';
export * from './jitter';
export * from './probe-view';
export * from './bounds';
export * from './figure';
export * from './format';
export * from './quadrant-figure';
export * from './probe-figures';
export * from './category-figure';
export * from './tradeoff-figure';
export * from './correlation-figure';
export * from './map-figure';
