/**
 * Branded units and spaces (DESIGN.md section 2). A brand is a compile-time tag only: it keeps
 * show seconds, metres, radians, painting coordinates and projector pixels from being mixed.
 */
declare const brand: unique symbol;

/** A value of type T tagged with a unit or space B. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Show time or a duration, in seconds (float). Never frames. */
export type Seconds = Brand<number, 'Seconds'>;
/** World length in metres (right-handed, y up, origin at the hall centre on the floor). */
export type Metres = Brand<number, 'Metres'>;
/** An angle in radians. */
export type Radians = Brand<number, 'Radians'>;
/** A point in painting space: u in [0,1) round the wall, v in [0,1] bottom to top. */
export type PaintingUV = Brand<readonly [number, number], 'PaintingUV'>;
/** A point in a projector's pixels: origin top-left, pixel centres at +0.5. */
export type ProjectorPx = Brand<readonly [number, number], 'ProjectorPx'>;

/** Tags a number as seconds. */
export const seconds = (n: number): Seconds => n as Seconds;
/** Tags a number as metres. */
export const metres = (n: number): Metres => n as Metres;
/** Tags a number as radians. */
export const radians = (n: number): Radians => n as Radians;
/** Tags a pair as a painting-space point. */
export const paintingUV = (u: number, v: number): PaintingUV => [u, v] as const as PaintingUV;
/** Tags a pair as a projector pixel position. */
export const projectorPx = (x: number, y: number): ProjectorPx => [x, y] as const as ProjectorPx;
