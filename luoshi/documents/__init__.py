"""Documents generated from the data: the Word 通报 in GB/T 9704-2012 layout, the Excel 任务分解表 and 进度台账,
and Excel returns (报送表) that units fill in and upload."""
