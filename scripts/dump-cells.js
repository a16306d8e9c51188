// Prints every non-empty cell of a workbook (sheet, address, formula, value) for scripts/compare-check-json.sh.
const ExcelJS = require('exceljs');
(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(process.argv[2]);
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value;
        const f = v && typeof v === 'object' && 'formula' in v ? `=${v.formula} -> ${JSON.stringify(v.result)}` : JSON.stringify(v);
        console.log(`${ws.name}!${c.address}\t${f}`);
      }),
    );
  });
})();
