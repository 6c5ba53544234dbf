import { z } from 'zod';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';

/** A named point of the painting (painting uv, 0..1), hence a known point on the wall. */
export interface Landmark {
  readonly id: string;
  readonly name: string;
  readonly u: number;
  readonly v: number;
}

const LandmarksSchema = z.array(z.object({ id: z.string().min(1).max(64), name: z.string().max(200), u: z.number().min(0).max(1), v: z.number().min(0).max(1) })).max(1000);

/** The profile's `hall.landmarks` (contract 2), or an empty list when it has none or they do not validate. */
export function landmarksOf(profile: Profile | null): readonly Landmark[] {
  const raw = profile ? (profile.hall as { readonly landmarks?: unknown }).landmarks : undefined;
  const parsed = LandmarksSchema.safeParse(raw ?? []);
  return parsed.success ? parsed.data : [];
}
