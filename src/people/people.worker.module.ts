import { Module } from '@nestjs/common';
import { UserInvitationMailTemplate } from './user-invitation.mail';

/** Imported only by the worker: the template of the mail that invites a user (rendered at send time). */
@Module({
  providers: [UserInvitationMailTemplate],
})
export class PeopleWorkerModule {}
