import type { SchemaOf } from '../declared.js';
import type { EncoderFactory, StreamDefinition } from '../types.js';
import { PageEncoder } from './page.js';
import { objectPlan, UnplannableError, type ObjectPlan } from './plan.js';

/**
 * The encoders of one sync. Records built by code (toRecord, configRecord, metrics) take the parsed path;
 * a stream whose record is its item, shaped and projected, is planned once and encoded from bytes.
 */
export function pageEncoders(schemaOf: SchemaOf, now: () => number): EncoderFactory {
  const plans = new Map<string, ObjectPlan | null>();
  const planOf = (def: StreamDefinition): ObjectPlan | null => {
    let plan = plans.get(def.name);
    if (plan !== undefined) return plan;
    try {
      plan = objectPlan(schemaOf(def.name), def.shape);
    } catch (error) {
      if (!(error instanceof UnplannableError)) throw error;
      plan = null;
    }
    plans.set(def.name, plan);
    return plan;
  };
  return (def, extra, keep) => {
    if (def.toRecord !== undefined || def.configRecord !== undefined || def.metrics !== undefined) return undefined;
    const plan = planOf(def);
    if (plan === null) return undefined;
    return new PageEncoder({ stream: def.name, schema: schemaOf(def.name), plan, envelope: def.envelope, extra, keep, now });
  };
}
