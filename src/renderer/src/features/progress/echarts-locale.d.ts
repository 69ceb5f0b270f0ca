// ECharts ships its Finnish locale as a plain ES module without types.
declare module 'echarts/lib/i18n/langFI.js' {
  const locale: object;
  export default locale;
}
