import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { PulseSeriesService } from './pulse-series.service';
import { PulseSlotsService } from './pulse-slots.service';

/** Pulse series and their slots: each slot is a campaign, opened through the campaign lifecycle. */
@Module({
  imports: [CampaignsModule],
  providers: [PulseSeriesService, PulseSlotsService],
  exports: [PulseSeriesService, PulseSlotsService],
})
export class PulsesModule {}
