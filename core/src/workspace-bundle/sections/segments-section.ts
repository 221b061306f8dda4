import { badInput } from '../../errors';
import { UNRESTRICTED } from '../../permissions';
import { compileConditionMatch, type FilterInput } from '../../query';
import { readFilter } from '../../segments';
import { systemEntity } from '../../system';
import { rowSection } from './row-section';
import { inFile } from './section-refs';
import {
  type SegmentDocument,
  type SegmentValues,
  segmentDocument,
  segmentFromDocument,
  segmentToDocument,
} from './segment-document';
import { storedRows } from './stored-rows';

const rows = storedRows<SegmentValues & { id: string }, SegmentValues>(systemEntity.Segment);

/** `segments/<key>.yaml`: saved filters; planned before dashboards, whose widgets name them. */
export const segmentsSection = rowSection<SegmentValues & { id: string }, SegmentDocument, SegmentValues>({
  name: 'segments',
  folder: 'segments',
  noun: 'segment',
  schema: segmentDocument,
  referencedAs: 'segment',
  ...rows,
  toDocument: segmentToDocument,
  fromDocument: segmentFromDocument,
  async check(ctx, values, site) {
    await inFile(site, () => {
      const object = ctx.after.objects.find((o) => o.id === values.objectId)!;
      const read = readFilter(ctx.after, UNRESTRICTED, object, values.filter);
      if (read.kind !== 'ok') throw badInput('filter', `The filter no longer applies to ${object.nameSingular}.`);
      // The data API's compiler checks operators and values, as saving the segment would.
      compileConditionMatch(ctx.after, object, read.filter as FilterInput, [], 'filter');
    });
    return { values, warnings: [] };
  },
});
