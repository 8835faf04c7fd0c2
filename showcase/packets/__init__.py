"""Review packets (评审材料包) for case selections.

A packet spec in `packets/<name>.yml` names a campaign, the criteria with weights and score
ranges, the cases (an explicit list or a filter) and the reviewers. From it:

    spec.py        load and validate the spec; resolve and order the cases
    content.py     what every output shows for a case (rendered write-up, metrics, charts)
    pdf.py         print-ready PDF after GB/T 9704-2012, via WeasyPrint and Jinja2 templates
    docx.py        the same content as an editable Word document
    scoresheet.py  the XLSX score sheet, and reading reviewers' filled copies back
    ranking.py     weighted totals, trimmed means and ranks
    results.py     the ranking as XLSX, CSV and a Markdown page for the site
    record.py      write an outcome into each case's selection history (front matter)
    build.py       one build: temp folder, manifest, zip, atomic move
    cli.py         `python scripts/showcase.py packet …`
"""
