import { Module } from '@nestjs/common';
import { BackreadingController } from './backreading.controller.js';
import { BackreadingService } from './backreading.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { UsersModule } from '../users/users.module.js';
import { CalibrationAttemptsService } from './attempts.service.js';
import { CalibrationController } from './calibration.controller.js';
import { CertificationController } from './certification.controller.js';
import { CertificationService } from './certification.service.js';
import { CalibrationMaterialService } from './material.service.js';
import { MonitoringService } from './monitoring.service.js';
import { MyCalibrationController } from './my-calibration.controller.js';
import { ValidityService } from './validity.service.js';

/** Assessor certification: calibration material and pools, sets, the status that decides who may score. */
@Module({
  imports: [AuditModule, CredentialsModule, UsersModule],
  controllers: [CalibrationController, CertificationController, MyCalibrationController, BackreadingController],
  providers: [BackreadingService, CertificationService, CalibrationMaterialService, CalibrationAttemptsService, ValidityService, MonitoringService],
  exports: [CertificationService, ValidityService],
})
export class CertificationModule {}
