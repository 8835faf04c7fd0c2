/* 宽表格能用键盘左右滚动（axe：scrollable-region-focusable，严重）。Markdown 表格外面那层
   可滚动的 .md-typeset__scrollwrap 是 Material 在浏览器里加上的，HTML 里没有，只能在这里
   给它 tabindex。document$ 是 Material 提供的“页面已就绪”通知。 */
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) {
    el.tabIndex = 0
  })
})
