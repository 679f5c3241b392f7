"""Table reconstruction from text extracted out of PDFs, where a table's cells
arrive one after another, wrapped at each column's width."""
