import type { DiagnosisId, Severity } from '../diagnosis-kinds';
import type { Facts } from './facts';

/** What a rule found: the catalogue supplies title, explanation and fixes. */
export interface Finding {
  id: DiagnosisId;
  /** 0..1: how sure the rule is that this is the cause. */
  confidence: number;
  /** The exact facts the finding rests on, secrets already masked. */
  evidence: string[];
  /** Steps specific to this exchange, put before the catalogue's fixes. */
  fixes?: string[];
  /** Overrides the catalogue severity (rarely: a warning that is the only cause). */
  severity?: Severity;
  /**
   * Findings this one explains better, removed from the failure once every rule ran (an
   * expected 401 supersedes the generic "no credentials").
   */
  supersedes?: DiagnosisId[];
}

/** Findings so far, for rules that defer to a more specific one. */
export type Found = ReadonlyMap<DiagnosisId, Finding>;

/** One rule: facts in, zero or more findings out. Must not throw. */
export type Rule = (facts: Facts, found: Found) => Finding | Finding[] | undefined;
