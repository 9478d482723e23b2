import { Adjudication } from '../modules/adjudication/adjudication.entity.js';
import { AdjudicationRow } from '../modules/adjudication/adjudication-row.entity.js';
import { AccessToken } from '../modules/auth/access-token.entity.js';
import { SignInThrottle } from '../modules/auth/sign-in-throttle.entity.js';
import { AuditEntry } from '../modules/audit/audit-entry.entity.js';
import { CalibrationAnswer, CalibrationAttempt, CalibrationAttemptItem } from '../modules/certification/calibration-attempt.entity.js';
import { Backreading } from '../modules/certification/backreading.entity.js';
import { CalibrationItem, CalibrationItemRow } from '../modules/certification/calibration-item.entity.js';
import { Certification, CertificationEvent, ValiditySchedule } from '../modules/certification/certification.entity.js';
import { Credential } from '../modules/credentials/credential.entity.js';
import { RubricLevelRecord } from '../modules/credentials/rubric-level.entity.js';
import { RubricRowRecord } from '../modules/credentials/rubric-row.entity.js';
import { RubricVersion } from '../modules/credentials/rubric-version.entity.js';
import { Score } from '../modules/scoring/score.entity.js';
import { ScoreLevel } from '../modules/scoring/score-level.entity.js';
import { Assignment } from '../modules/submissions/assignment.entity.js';
import { Submission } from '../modules/submissions/submission.entity.js';
import { ConflictOfInterest } from '../modules/users/conflict-of-interest.entity.js';
import { User } from '../modules/users/user.entity.js';
import { UserRole } from '../modules/users/user-role.entity.js';
import { ValidationWindow } from '../modules/validation-windows/validation-window.entity.js';

/** Every entity, listed (not globbed) so the list works the same from sources, tests and dist. */
export const entities = [
  User,
  UserRole,
  ConflictOfInterest,
  AccessToken,
  SignInThrottle,
  Credential,
  RubricVersion,
  RubricRowRecord,
  RubricLevelRecord,
  ValidationWindow,
  Submission,
  Assignment,
  Score,
  ScoreLevel,
  Adjudication,
  AdjudicationRow,
  AuditEntry,
  CalibrationItem,
  CalibrationItemRow,
  CalibrationAttempt,
  CalibrationAttemptItem,
  CalibrationAnswer,
  Certification,
  CertificationEvent,
  ValiditySchedule,
  Backreading,
];
