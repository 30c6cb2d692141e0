import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, isUniqueViolation } from '../common/errors';
import { ListQuery, paginate } from '../common/pagination';
import { CreateUserDto } from './users.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(orgId: string, input: CreateUserDto): Promise<User> {
    try {
      return await this.db.getRepository(User).save({ orgId, ...input });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A user with the email ${input.email} already exists.`);
      throw error;
    }
  }

  list(orgId: string, query: ListQuery) {
    return paginate(this.db.getRepository(User).createQueryBuilder('u').where('u.org_id = :orgId', { orgId }), query);
  }
}
