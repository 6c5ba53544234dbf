import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { ProjectorPatch } from '../../engine/core/protocol/commands.ts';

/** Hand adjustment of a projector's pose: each angle with step buttons and a number field. */
export interface PoseAdjustProps {
  readonly config: ProjectorConfig;
  readonly disabled: boolean;
  readonly why: string;
  readonly onEdit: (patch: ProjectorPatch) => void;
}

type Angle = 'yawDeg' | 'pitchDeg' | 'rollDeg';
const ANGLES: readonly { key: Angle; label: string }[] = [
  { key: 'yawDeg', label: 'Yaw' },
  { key: 'pitchDeg', label: 'Pitch' },
  { key: 'rollDeg', label: 'Roll' },
];
const STEPS = [0.01, 0.1] as const;
const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * The pose by hand: yaw, pitch and roll in steps of 0.01° and 0.1° (buttons, live), or typed; the
 * lens centre in metres. For a small knock this is often quicker than points.
 */
export function PoseAdjust({ config, disabled, why, onEdit }: PoseAdjustProps) {
  const pose = config.pose;
  const set = (k: Angle, v: number) => onEdit({ pose: { ...pose, [k]: round(k === 'pitchDeg' ? Math.max(-90, Math.min(90, v)) : v) } });
  const setPos = (i: 0 | 1 | 2, v: number) => {
    const positionM: [number, number, number] = [...pose.positionM];
    positionM[i] = v;
    onEdit({ pose: { ...pose, positionM } });
  };
  return (
    <section className="panel pose-adjust" aria-label="Pose by hand" title={disabled ? why : undefined}>
      <h2>Pose by hand — {config.id}</h2>
      {ANGLES.map(({ key, label }) => (
        <div className="angle" key={key}>
          <span className="name">{label}</span>
          {[...STEPS].reverse().map((s) => (
            <button key={`-${s}`} type="button" disabled={disabled} aria-label={`${label} −${s}°`} onClick={() => set(key, pose[key] - s)}>
              −{s}
            </button>
          ))}
          <input type="number" aria-label={`${label} (degrees)`} step={0.01} value={pose[key]} disabled={disabled} onChange={(e) => Number.isFinite(Number(e.target.value)) && e.target.value.trim() !== '' && set(key, Number(e.target.value))} />
          {STEPS.map((s) => (
            <button key={`+${s}`} type="button" disabled={disabled} aria-label={`${label} +${s}°`} onClick={() => set(key, pose[key] + s)}>
              +{s}
            </button>
          ))}
        </div>
      ))}
      <div className="position">
        {(['x', 'y', 'z'] as const).map((axis, i) => (
          <label key={axis}>
            {axis} (m)
            <input type="number" step={0.005} value={pose.positionM[i]} disabled={disabled} onChange={(e) => Number.isFinite(Number(e.target.value)) && e.target.value.trim() !== '' && setPos(i as 0 | 1 | 2, Number(e.target.value))} />
          </label>
        ))}
      </div>
    </section>
  );
}
