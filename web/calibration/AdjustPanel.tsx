import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { ProjectorPatch } from '../../engine/core/protocol/commands.ts';
import { NumberField } from './NumberField.tsx';

/** Blend, black level, colour and brightness of one projector. */
export interface AdjustPanelProps {
  readonly config: ProjectorConfig;
  readonly disabled: boolean;
  readonly why: string;
  readonly onEdit: (patch: ProjectorPatch) => void;
}

const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Sliders with number fields for the projector's blend curve (gamma, exponent, mid luminance, ramp
 * width), black level, colour gains and brightness (all three gains scaled together); every move is
 * sent live.
 */
export function AdjustPanel({ config, disabled, why, onEdit }: AdjustPanelProps) {
  const blend = config.blend ?? {};
  const gains = config.colorGains ?? [1, 1, 1];
  const brightness = (gains[0] + gains[1] + gains[2]) / 3;
  const setBlend = (k: 'gamma' | 'exponent' | 'luminance' | 'rampPx', v: number | undefined) => {
    const next: Record<string, number> = { ...blend };
    if (v === undefined) delete next[k];
    else next[k] = v;
    onEdit({ blend: next });
  };
  const common = { disabled, why };
  return (
    <section className="panel adjust" aria-label="Blend and colour">
      <h2>Blend and colour — {config.id}</h2>
      <NumberField label="Gamma" value={blend.gamma ?? 2.2} min={1} max={4} step={0.01} {...common} onChange={(v) => setBlend('gamma', v)} />
      <NumberField label="Curve exponent" value={blend.exponent ?? 2} min={0.5} max={8} step={0.05} {...common} onChange={(v) => setBlend('exponent', v)} />
      <NumberField label="Mid luminance" value={blend.luminance ?? 0.5} min={0.05} max={0.95} step={0.01} {...common} onChange={(v) => setBlend('luminance', v)} />
      <div className="row">
        <NumberField label="Ramp width" unit="px" value={blend.rampPx ?? 0} min={0} max={4000} step={1} {...common} onChange={(v) => setBlend('rampPx', v > 0 ? v : undefined)} />
        <span className="hint">{blend.rampPx === undefined ? '0 = measured from the overlaps' : ''}</span>
      </div>
      <NumberField label="Black level" value={config.blackLevel ?? 0.001} min={0} max={0.2} step={0.0005} {...common} onChange={(v) => onEdit({ blackLevel: v })} />
      <NumberField label="Red gain" value={gains[0]} min={0} max={4} step={0.01} {...common} onChange={(v) => onEdit({ colorGains: [v, gains[1], gains[2]] })} />
      <NumberField label="Green gain" value={gains[1]} min={0} max={4} step={0.01} {...common} onChange={(v) => onEdit({ colorGains: [gains[0], v, gains[2]] })} />
      <NumberField label="Blue gain" value={gains[2]} min={0} max={4} step={0.01} {...common} onChange={(v) => onEdit({ colorGains: [gains[0], gains[1], v] })} />
      <NumberField
        label="Brightness"
        value={round(brightness, 3)}
        min={0}
        max={3}
        step={0.01}
        {...common}
        onChange={(v) => {
          const k = brightness > 0 ? v / brightness : 0;
          onEdit({ colorGains: brightness > 0 ? [round(Math.min(4, gains[0] * k)), round(Math.min(4, gains[1] * k)), round(Math.min(4, gains[2] * k))] : [v, v, v] });
        }}
      />
    </section>
  );
}
