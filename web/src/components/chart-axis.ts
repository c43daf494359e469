// Axis titles for the recharts charts, one look everywhere: what the axis measures and its unit
// (the workspace currency for money), the x title under the ticks, the y title turned along the axis.
export const xTitle = (value: string) => ({ value, position: 'insideBottom' as const, offset: -4, fontSize: 11, fill: '#5b6675' });
export const yTitle = (value: string) => ({ value, angle: -90, position: 'insideLeft' as const, style: { textAnchor: 'middle' as const }, fontSize: 11, fill: '#5b6675' });
