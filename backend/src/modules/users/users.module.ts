import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AuditModule } from '../audit/audit.module.js';
import { PasswordHasher } from '../auth/password-hashing.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { ReaderWithdrawals } from './reader-withdrawals.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuditModule],
  controllers: [UsersController],
  providers: [
    UsersService,
    AdminBootstrapService,
    ReaderWithdrawals,
    { provide: PasswordHasher, inject: [AppConfig], useFactory: (config: AppConfig) => new PasswordHasher(config.passwordHashCost, config.signIn.hashConcurrency) },
  ],
  exports: [UsersService, PasswordHasher, ReaderWithdrawals],
})
export class UsersModule {}
