import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from './users.service.js';

/** On start-up, creates the administrator named by CONCORD_ADMIN_EMAIL / CONCORD_ADMIN_PASSWORD when missing. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const created = await this.users.ensureAdministrator(this.config.admin.email, this.config.admin.password);
    if (created) this.logger.log(`created the administrator ${this.config.admin.email}`);
  }
}
