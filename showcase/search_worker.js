/*
 * 展示站的搜索 worker：在 Material 自带的搜索 worker 外面包一层，只改一件事——中文查询怎么切词。
 *
 * 建索引时 jieba 已按展示站词典把“浔州枫桥”“浔法讲堂”等名称切成整词。Material 在浏览器里
 * 再用索引词去贪心切分查询，但它的循环从不看查询的最后一个字（`j < query.length`），
 * 输入“浔州枫桥”时整词永远匹配不上，只剩“浔州*”之类的前缀，命中一大片。
 *
 * 这里改为：用同一份索引词表，对每段连续汉字做“最长前缀”切分——每一步取索引中某个词的
 * 最长前缀（整词自然最长），切出的每一段都是索引里确实存在的词或词头，Material 会给它加 *
 * 做前缀匹配。为了不让 Material 再切一遍，段内每两个字之间插入 lunr 的转义符 \（lunr 解析时
 * 去掉它，词仍是原词；Material 的切分只作用于连续汉字，单个字原样保留）。
 * 索引里没有的字单独成项，与原来的行为一致。
 *
 * 这个文件在构建时由 hooks/search_hooks.py 写到 assets/javascripts/workers/ 下，
 * 与 Material 的 worker 同目录：离线版（file://）里 iframe-worker 会按这个位置找 lunr 语言包。
 */
(function (scope) {
  "use strict"

  var MATERIAL_WORKER = "__MATERIAL_WORKER__"   /* 构建时替换为 Material worker 的文件名 */
  var SETUP = 0, QUERY = 2                       /* Material 的 SearchMessageType */
  var HAN = /\p{sc=Han}+/gu
  var HAS_HAN = /\p{sc=Han}/u
  var HAN_ONLY = /^\p{sc=Han}+$/u

  var prefixes = new Set()                       /* 索引中每个汉字词的所有前缀（含整词） */
  var longest = 1
  var handlers = []
  var pending = []

  /* 记下 Material 注册的 message 监听器，由这里转交改写过的消息 */
  var listen = scope.addEventListener.bind(scope)
  scope.addEventListener = function (type, listener, options) {
    if (type !== "message")
      return listen(type, listener, options)
    handlers.push(listener)
    pending.splice(0).forEach(deliver)
  }

  function deliver(data) {
    var event = { data: data }
    for (var i = 0; i < handlers.length; i++)
      handlers[i](event)
  }

  /* 索引词表：与 Material 建索引时一样，按分隔符切开标题和正文，只留纯汉字的词 */
  function learn(index) {
    var separator = new RegExp(index.config.separator, "g")
    var docs = index.docs || []
    for (var d = 0; d < docs.length; d++) {
      var fields = [docs[d].title || "", docs[d].text || ""]
      for (var f = 0; f < fields.length; f++) {
        var words = fields[f].replace(/<[^>]*>/g, " ").split(separator)
        for (var w = 0; w < words.length; w++) {
          var word = words[w].toLowerCase()
          if (!word || !HAN_ONLY.test(word) || prefixes.has(word))
            continue
          var chars = Array.from(word)           /* 按字（码点）计，不拆开扩展区汉字 */
          for (var end = 1; end <= chars.length; end++)
            prefixes.add(chars.slice(0, end).join(""))
          if (chars.length > longest)
            longest = chars.length
        }
      }
    }
  }

  /* 一段连续汉字 → 若干查询词：每步取最长的“索引词前缀”，不认识的字单独成项 */
  function segment(run) {
    var chars = Array.from(run), parts = []
    for (var i = 0; i < chars.length;) {
      var size = Math.min(longest, chars.length - i)
      while (size > 1 && !prefixes.has(chars.slice(i, i + size).join("")))
        size--
      parts.push(chars.slice(i, i + size).join("\\"))
      i += size
    }
    return parts
  }

  /* 每个查询项单独处理，前缀 + / - 分给切出来的每个词 */
  function rewrite(query) {
    return query.split(/\s+/).map(function (term) {
      var match = /^([+-]?)(.*)$/.exec(term)
      var sign = match[1], body = match[2]
      if (!HAS_HAN.test(body))
        return term
      var out = body.replace(HAN, function (run) {
        return " " + segment(run).join(" ") + " "
      })
      return out.trim().split(/\s+/).map(function (part) {
        return sign + part
      }).join(" ")
    }).join(" ")
  }

  listen("message", function (event) {
    var message = event.data
    if (message && message.type === SETUP && message.data)
      learn(message.data)
    if (message && message.type === QUERY && typeof message.data === "string")
      message = { type: QUERY, data: rewrite(message.data) }
    if (handlers.length)
      deliver(message)
    else
      pending.push(message)
  })

  /* 加载 Material 的 worker：真 worker 里按自身地址，iframe-worker（file://）里按 script 标签地址 */
  var here = scope.document && scope.document.currentScript
    ? scope.document.currentScript.src
    : scope.location.href
  scope.showcaseRewriteQuery = rewrite
  importScripts(new URL(MATERIAL_WORKER, here).href)
})(self)
