import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUUID } from 'class-validator';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { ValidationFailedError } from '../common/errors';
import { uuidPipe } from '../common/validation';
import { ImportResult, MembersImportService } from '../people/members-import.service';
import { MembersService } from '../people/members.service';
import { CreateMemberDto } from '../people/teams.dto';
import { emptyForm, FormBody, FormState, optional, redirectWithNotice, refusal, submit, text, upload, validated } from './admin-forms';
import { AdminFrame, adminFrame, refused } from './admin-frame';
import { renderImportPreview, renderPeople } from './admin-people.page';
import { AdminReadsService } from './admin-reads.service';

const UPLOAD_LIMIT = '1 MiB';

/**
 * The CSV from the import form: the chosen file or the pasted text, never both (which one was
 * meant would be a guess). A file must look like CSV text: a spreadsheet's own format is binary.
 */
function importedCsv(body: FormBody): string {
  const file = upload(body, 'csvFile');
  const pasted = text(body, 'csv');
  const refuse = (field: string, message: string) => new ValidationFailedError([{ field, message }]);
  if (!file) {
    if (!pasted.trim()) throw refuse('csvFile', 'choose a CSV file, or paste its contents below');
    return pasted;
  }
  if (pasted.trim()) throw refuse('csvFile', 'choose a file or paste its contents, not both');
  if (file.tooLarge) throw refuse('csvFile', `${file.filename} is larger than ${UPLOAD_LIMIT}; split it into smaller files`);
  const csvNamed = /\.csv$/i.test(file.filename) || ['text/csv', 'application/csv'].includes(file.mimetype);
  if (!csvNamed || file.binary) throw refuse('csvFile', `${file.filename} is not a CSV file; save the sheet as CSV (comma-separated) and choose that`);
  if (!file.text.trim()) throw refuse('csvFile', `${file.filename} is empty`);
  return file.text;
}

/** /admin/people: members by team; add, deactivate; the CSV upload with its dry run (MembersService, MembersImportService). */
@ApiExcludeController()
@Controller('admin/people')
@WebPage('hr_admin')
export class AdminPeopleController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly members: MembersService,
    private readonly importer: MembersImportService,
  ) {}

  @Get()
  show(@CurrentSession() s: WebSession, @Query('teamId') teamId: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(adminFrame(s, req, reply), s.principal.orgId, teamId, emptyForm(), emptyForm());
  }

  @Post()
  add(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const teamId = text(body, 'teamId');
    return submit(
      reply,
      async () => {
        if (!isUUID(teamId)) throw new ValidationFailedError([{ field: 'teamId', message: 'choose a team' }]);
        return this.members.add(s.principal, teamId, await validated(CreateMemberDto, { email: text(body, 'email'), name: optional(body, 'name') }));
      },
      { to: `/admin/people?teamId=${teamId}`, notice: `${text(body, 'email').trim().toLowerCase()} added.` },
      (state) => this.page(adminFrame(s, req, reply), s.principal.orgId, teamId, state, emptyForm()),
      body,
    );
  }

  @Post(':id/deactivate')
  deactivate(
    @CurrentSession() s: WebSession,
    @Param('id', uuidPipe('member')) id: string,
    @Body() body: FormBody,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const teamId = isUUID(text(body, 'teamId')) ? text(body, 'teamId') : '';
    return submit(
      reply,
      () => this.members.deactivate(s.principal, id),
      { to: `/admin/people${teamId ? `?teamId=${teamId}` : ''}`, notice: 'Member deactivated. Their past answers stay; they were never linked to them.' },
      (state) => this.page(refused(adminFrame(s, req, reply), state), s.principal.orgId, teamId, emptyForm(), emptyForm()),
      {},
    );
  }

  /** The dry run: shows what would change; writes nothing. */
  @Post('import')
  async preview(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.importStep(s, body, req, reply, false);
  }

  @Post('import/confirm')
  async confirm(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.importStep(s, body, req, reply, true);
  }

  /** A file with line errors is shown against its lines (422); a confirmed clean file is written and redirects. */
  private async importStep(s: WebSession, body: FormBody, req: FastifyRequest, reply: FastifyReply, write: boolean): Promise<string> {
    const f = adminFrame(s, req, reply);
    let csv: string;
    let result: ImportResult;
    try {
      csv = importedCsv(body);
      result = await this.importer.import(s.principal, csv, !write);
    } catch (error) {
      return this.page(f, s.principal.orgId, undefined, emptyForm(), refusal(reply, error, body));
    }
    if (result.errors.length > 0 || !write) {
      reply.status(result.errors.length > 0 ? 422 : 200);
      return renderImportPreview(f, csv, result, write);
    }
    return redirectWithNotice(reply, '/admin/people', `Imported: ${result.created} member(s) added, ${result.updated} updated, ${result.teamsCreated} team(s) created.`);
  }

  private async page(f: AdminFrame, orgId: string, teamId: unknown, add: FormState, upload: FormState) {
    const teams = await this.reads.teams(orgId);
    const team = teams.find((t) => t.id === teamId) ?? teams[0] ?? null;
    const [members, org] = [team ? await this.reads.members(orgId, team.id) : [], await this.reads.organization(orgId)];
    return renderPeople(f, { teams, team, members, timeZone: org.timezone }, add, upload);
  }
}
