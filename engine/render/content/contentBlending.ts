import * as THREE from 'three';

/**
 * How a layer's output combines with the accumulated light. Shaders output premultiplied colour for
 * `over`, `add` and `screen`, and a factor mix(1, colour, alpha) for `multiply`.
 */
export type ContentBlend = 'add' | 'multiply' | 'max' | 'over' | 'screen';

/**
 * Sets fixed-function blending for one draw. The alpha channel always keeps the destination's
 * alpha (1 from the clear), so the target's alpha stays meaningful for whoever samples it.
 */
export function setContentBlend(material: THREE.Material, blend: ContentBlend): void {
  material.blending = THREE.CustomBlending;
  material.blendEquationAlpha = THREE.AddEquation;
  material.blendSrcAlpha = THREE.ZeroFactor;
  material.blendDstAlpha = THREE.OneFactor;
  material.blendEquation = blend === 'max' ? THREE.MaxEquation : THREE.AddEquation;
  switch (blend) {
    case 'add':
    case 'max': // factors are ignored by MAX; One/One keeps the state valid if that ever changes
      material.blendSrc = THREE.OneFactor;
      material.blendDst = THREE.OneFactor;
      break;
    case 'multiply':
      material.blendSrc = THREE.DstColorFactor;
      material.blendDst = THREE.ZeroFactor;
      break;
    case 'over':
      material.blendSrc = THREE.OneFactor;
      material.blendDst = THREE.OneMinusSrcAlphaFactor;
      break;
    case 'screen': // dst + src − dst·src, written for unbounded linear light
      material.blendSrc = THREE.OneFactor;
      material.blendDst = THREE.OneMinusSrcColorFactor;
      break;
  }
}
