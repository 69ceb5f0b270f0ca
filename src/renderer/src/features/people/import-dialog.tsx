import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { CsvImportDialog } from '../../ui/csv-import-dialog';
import { ImportReportView } from './import-report';

export const rosterColumns = ['name', 'email', 'role', 'team', 'hire_date', 'manager_email', 'coach', 'coach_email'] as const;

const example = `name,email,role,team,hire_date,manager_email,coach,coach_email
Aino Virtanen,aino.virtanen@example.com,Sales manager,Nordics,2019-03-01,,yes,
Mikko Korhonen,mikko.korhonen@example.com,Account executive,Nordics,2025-09-15,aino.virtanen@example.com,no,aino.virtanen@example.com`;

export function ImportDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const { t } = useI18n();
  return (
    <CsvImportDialog
      title={t('import.title')}
      intro={t('import.intro')}
      columns={rosterColumns.map((name) => ({ name, description: t(`import.column.${name}`) }))}
      rules={t('import.rules')}
      example={example}
      run={(csv, encoding) => api.invoke('people:import', { csv, encoding })}
      report={(report, fileName) => <ImportReportView report={report} fileName={fileName} />}
      onClose={onClose}
    />
  );
}
