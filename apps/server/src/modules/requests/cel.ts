/**
 * Request policy conditions in CEL (the language ConductorOne and Kubernetes use), through
 * @marcbachmann/cel-js. The variables are declared, so a condition naming an unknown one, or one
 * that does not parse, is refused when the policy is saved, with the position of the error.
 * Integers are CEL ints (BigInt here); every attribute is present (null when unknown), so a
 * condition never fails on a missing key.
 */
import { Environment } from '@marcbachmann/cel-js';

/** The variables a condition sees. */
export interface ConditionInput {
  requester: PersonFacts;
  target: PersonFacts;
  forSomeoneElse: boolean;
  entitlement: { id: string; appId: string; name: string; resourceType: string; slug: string };
  app: { id: string; name: string };
  /** null for permanent access. */
  durationMinutes: bigint | null;
  emergency: boolean;
  now: { hour: bigint; weekday: bigint; iso: string };
  /** Whether the person whose access it is is on call now in a PagerDuty schedule. */
  onCall: boolean;
  /** The names of the access conflict rules the grant would break. */
  conflicts: string[];
}

export interface PersonFacts {
  email: string;
  department: string | null;
  title: string | null;
  manager: string | null;
  /** Entitlement ids the person holds, as `<app name>:<entitlement id>` and as the bare entitlement id. */
  holds: string[];
}

const VARIABLES = ['requester', 'target', 'forSomeoneElse', 'entitlement', 'app', 'durationMinutes', 'emergency', 'now', 'onCall', 'conflicts'] as const;

function environment(): Environment {
  let env = new Environment({ unlistedVariablesAreDyn: false });
  for (const v of VARIABLES) env = env.registerVariable(v, v === 'forSomeoneElse' || v === 'onCall' || v === 'emergency' ? 'bool' : v === 'conflicts' ? 'list' : 'dyn');
  return env;
}

const env = environment();

/** Why a condition cannot be used (does not parse, or names an unknown variable), or undefined. */
export function conditionProblem(condition: string): string | undefined {
  try {
    env.parse(condition);
  } catch (err) {
    return (err as Error).message;
  }
  const checked = env.check(condition) as { valid: boolean; error?: Error };
  return checked.valid ? undefined : (checked.error?.message ?? 'the condition is not valid');
}

type Compiled = (input: Record<string, unknown>) => unknown;
const cache = new Map<string, Compiled>();

/** Evaluates a condition: true only for a CEL `true` (anything else, or an error, is false and says why). */
export function evaluateCondition(condition: string, input: ConditionInput): { matched: boolean; error?: string } {
  let fn = cache.get(condition);
  if (!fn) {
    fn = env.parse(condition) as unknown as Compiled;
    if (cache.size > 5000) cache.clear();
    cache.set(condition, fn);
  }
  try {
    return { matched: fn(input as unknown as Record<string, unknown>) === true };
  } catch (err) {
    return { matched: false, error: (err as Error).message.split('\n')[0] };
  }
}
