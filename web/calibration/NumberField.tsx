import { useEffect, useState } from 'react';

/** A labelled slider with its number field: both edit the same value, live. */
export interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly disabled: boolean;
  /** Why it is disabled (shown as the tooltip). */
  readonly why?: string;
  readonly unit?: string;
  readonly onChange: (value: number) => void;
}

/** Slider + numeric field; typed values apply when they parse and lie in [min, max]. */
export function NumberField({ label, value, min, max, step, disabled, why, unit, onChange }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const id = `nf-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="number-field" title={disabled ? why : undefined}>
      <label htmlFor={id}>{label}</label>
      <input type="range" aria-label={`${label} slider`} min={min} max={max} step={step} value={value} disabled={disabled} onChange={(e) => onChange(Number(e.target.value))} />
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max) onChange(v);
        }}
      />
      {unit ? <span className="unit">{unit}</span> : null}
    </div>
  );
}
