import {
  handOverCreatedFields,
  ManagedFieldsEntry,
} from './createdFieldsHandover';

type FieldSet = NonNullable<ManagedFieldsEntry['fieldsV1']>;

const entry = (
  operation: 'Apply' | 'Update',
  fieldsV1: FieldSet,
  manager = 'miniplanes',
  subresource?: string,
): ManagedFieldsEntry => ({
  manager,
  operation,
  apiVersion: 'v1',
  time: '2026-12-05T00:00:00Z',
  fieldsType: 'FieldsV1',
  fieldsV1,
  ...(subresource ? { subresource } : {}),
});

const labels = (...names: string[]): FieldSet => ({
  'f:metadata': {
    'f:labels': Object.fromEntries(names.map(n => [`f:${n}`, {}])),
  },
});

describe('handOverCreatedFields', () => {
  it('folds the create’s fields into the apply’s entry when the apply no longer names some', () => {
    const other = entry('Update', labels('team'), 'kubectl-edit');
    expect(
      handOverCreatedFields(
        [
          entry('Update', labels('app', 'old')),
          other,
          entry('Apply', { ...labels('app'), 'f:data': { 'f:a': {} } }),
        ],
        'miniplanes',
      ),
    ).toEqual([
      other,
      entry('Apply', { ...labels('app', 'old'), 'f:data': { 'f:a': {} } }),
    ]);
  });

  it('turns the create’s entry into an Apply entry when there is none yet', () => {
    expect(
      handOverCreatedFields([entry('Update', labels('app'))], 'miniplanes'),
    ).toEqual([entry('Apply', labels('app'))]);
  });

  it('hands nothing over when the apply owns every field the create set', () => {
    expect(
      handOverCreatedFields(
        [entry('Update', labels('app')), entry('Apply', labels('app', 'new'))],
        'miniplanes',
      ),
    ).toBeUndefined();
  });

  it('leaves other managers’ entries and its own status entries alone', () => {
    const entries = [
      entry('Update', labels('app'), 'kubectl-create'),
      entry('Update', { 'f:status': {} }, 'miniplanes', 'status'),
      entry('Apply', labels('app')),
    ];
    expect(handOverCreatedFields(entries, 'miniplanes')).toBeUndefined();
    expect(handOverCreatedFields(undefined, 'miniplanes')).toBeUndefined();
  });
});
