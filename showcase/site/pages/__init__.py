"""One module per page kind, in the order of the site's tabs. Each builds an explicit context
(a PageContext subclass naming what its one template shows) and renders that template."""
