"""年度法治工作数据: the year's figures across the registers and the annual report."""
