/*
 * 展示站的搜索 worker：在 Material 自带的搜索 worker 外面包一层，做两件事。
 *
 * 一、中文查询怎么切词。建索引时 jieba 已按展示站词典把“浔州枫桥”“浔法讲堂”等名称切成整词。
 * Material 在浏览器里再用索引词去贪心切分查询，但它的循环从不看查询的最后一个字
 * （`j < query.length`），输入“浔州枫桥”时整词永远匹配不上，只剩“浔州*”之类的前缀，命中一大片。
 * 这里改为：用同一份索引词表，对每段连续汉字做“最长前缀”切分——每一步取索引中某个词的
 * 最长前缀（整词自然最长），切出的每一段都是索引里确实存在的词或词头，Material 会给它加 *
 * 做前缀匹配。为了不让 Material 再切一遍，段内每两个字之间插入 lunr 的转义符 \（lunr 解析时
 * 去掉它，词仍是原词；Material 的切分只作用于连续汉字，单个字原样保留）。
 * 索引里没有的字单独成项，与原来的行为一致。
 *
 * 二、分片加载（网站由服务器提供时）。一百个法院的完整索引约 50 MB，整份下载再建 lunr 索引太慢。
 * 构建时 showcase/search_shards.py 把索引拆开：search_index.json 只剩配置（config.shards 说明
 * 怎么拆的），索引词按首字散列到 search/shards/<k>.json（每个词：文档频次，出现在哪些页面、
 * 粗略权重），每个页面的索引条目在 search/docs/<n>.json。收到这样的 SETUP，这里立即回 READY；
 * 每个查询：取查询里每个字所在的分片（切词要用以该字开头的索引词），切词，按分片里的权重给
 * 页面粗排，只下载排在前面的若干页面的条目，交给 Material 自己的 worker 建一个小索引并查询，
 * 排序、高亮、分组都由它完成，结果原样转回页面。lunr 的 idf 改用整个索引的文档频次，
 * 所以这些页面的先后与完整索引一致（得分至多差一个对本次所有结果相同的倍数）。页面显示的结果数最多是下载的页面数（CANDIDATES），它们是完整索引排在最前的结果。
 *
 * 离线版（file://，不能 fetch）仍用一整份索引：SETUP 带着全部文档来，这里只改写查询，其余照旧。
 * 两种情况下都修补了 Material 带的 lunr 的一个缺陷（见 patchLunr）。
 *
 * 这个文件在构建时由 showcase/adapter/search.py 写到 assets/javascripts/workers/ 下，
 * 与 Material 的 worker 同目录：离线版里 iframe-worker 会按这个位置找 lunr 语言包。
 */
(function (scope) {
  "use strict"

  var MATERIAL_WORKER = "__MATERIAL_WORKER__"   /* 构建时替换为 Material worker 的文件名 */
  var SEARCH_DIR = "__SEARCH_DIR__"             /* 构建时替换为从这里到 search/ 的相对路径 */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3 /* Material 的 SearchMessageType */
  var CANDIDATES = 20                            /* 每个查询最多下载多少个页面的条目：下载和 lunr 建索引的时间都与它成正比 */
  var WEIGHT_STEPS = 4                           /* 与 search_shards.WEIGHT_STEPS 一致 */
  var HASH_MULTIPLIER = 0x9E3779B1               /* 与 search_shards.HASH_MULTIPLIER 一致 */
  var HAN = /\p{sc=Han}+/gu
  var HAS_HAN = /\p{sc=Han}/u
  var HAN_ONLY = /^\p{sc=Han}+$/u

  /* 这个脚本的地址：真 worker 里是自身地址，iframe-worker（file://）里是 script 标签的地址 */
  var here = scope.document && scope.document.currentScript
    ? scope.document.currentScript.src
    : scope.location.href

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
    patchLunr(scope.lunr)
    var event = { data: data }
    for (var i = 0; i < handlers.length; i++)
      handlers[i](event)
  }

  /* lunr 和语言包只加载一次：分片模式下 Material 每个查询都建一次小索引，每次都会再要一遍 */
  var load = scope.importScripts, imported = new Set()
  scope.importScripts = function () {
    var urls = Array.prototype.filter.call(arguments, function (url) {
      var key = new URL(url, here).href
      return !imported.has(key) && imported.add(key)
    })
    return urls.length ? load.apply(scope, urls) : undefined
  }

  /* Material 的回复：平时直接发给页面；分片模式下由等待它的一方接收 */
  var native = scope.postMessage
  var waiting = null
  function post(message) {
    return native.call(scope, tidy(message))
  }
  scope.postMessage = function (message) {
    if (!waiting)
      return post(message)
    var resolve = waiting
    waiting = null
    resolve(message)
  }

  /* ------------------------------------------------------------------ 结果怎么显示 */

  /* 每条结果先给页面简介（正文第一段），再给命中的字段：Material 只返回命中的一两段，
   * 只命中“承办单位：……；项目名称：……”时，读者看不到这个项目是做什么的。
   * 建索引时插在每个词之间的零宽空格（U+200B）只为切词，显示时去掉：否则每个词后都能换行，
   * 手机上会有“，”“）”出现在行首；“·”前加不断行的 U+2060，名称不会在“·”前断开。 */
  var descriptions = new Map()                 /* 页面地址 → 简介（正文第一段的 HTML） */
  var LEAD = /^\s*<p>([\s\S]*?)<\/p>/

  function remember(docs) {
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i], match
      if (doc.location && doc.location.indexOf("#") < 0 && !descriptions.has(doc.location) && (match = LEAD.exec(doc.text || "")))
        descriptions.set(doc.location, match[1])
    }
  }

  function plain(html) {
    return html.replace(/<[^>]*>/g, "").replace(/\u200b/g, "")
  }

  function readable(html) {
    return html.replace(/\u200b/g, "").replace(/([^\s\u2060])·/g, "$1\u2060·")
  }

  function tidy(message) {
    if (!message || message.type !== RESULT || !message.data || !message.data.items)
      return message
    message.data.items.forEach(function (group) {
      group.forEach(function (doc) {
        var lead = doc.location && descriptions.get(doc.location)
        if (lead && plain(doc.text || "").indexOf(plain(lead)) < 0)
          doc.text = "<p>" + lead + "</p>" + (doc.text || "")
        doc.title = readable(doc.title || "")
        doc.text = readable(doc.text || "")
      })
    })
    return message
  }

  /* ------------------------------------------------------------------ 切词 */

  function learnWord(word) {
    word = word.toLowerCase()
    if (!word || !HAN_ONLY.test(word) || prefixes.has(word))
      return
    var chars = Array.from(word)               /* 按字（码点）计，不拆开扩展区汉字 */
    for (var end = 1; end <= chars.length; end++)
      prefixes.add(chars.slice(0, end).join(""))
    if (chars.length > longest)
      longest = chars.length
  }

  /* 索引词表：与 Material 建索引时一样，按分隔符切开标题和正文，只留纯汉字的词 */
  function learn(index) {
    var separator = new RegExp(index.config.separator, "g")
    var docs = index.docs || []
    remember(docs)
    for (var d = 0; d < docs.length; d++) {
      var fields = [docs[d].title || "", docs[d].text || ""]
      for (var f = 0; f < fields.length; f++) {
        var words = fields[f].replace(/<[^>]*>/g, " ").split(separator)
        for (var w = 0; w < words.length; w++)
          learnWord(words[w])
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

  /* ------------------------------------------------------------------ 分片模式 */

  var sharded = null        /* { config, options, layout: config.shards, separator } */
  var shards = new Map()    /* 分片号 → Promise<分片> */
  var pages = new Map()     /* 页面号 → Promise<该页的索引条目> */
  var frequency = new Map() /* 已加载分片里每个词的文档频次（整个索引的），给 lunr 算 idf */
  var given = null          /* 交给 Material 的页面集合（逗号连接的页面号） */
  var wanted = null         /* 还没处理的最新查询 */
  var busy = false

  /* 与 search_shards.shard_of 相同：首字码点的 Fibonacci 散列，取高位 */
  function shardOf(term, count) {
    var bits = Math.round(Math.log2(count))
    if (!bits)
      return 0
    return (Math.imul(term.codePointAt(0), HASH_MULTIPLIER) >>> 0) >>> (32 - bits)
  }

  function fetchJSON(name) {
    var url = new URL(SEARCH_DIR + name + "?v=" + sharded.layout.version, here)
    return fetch(url).then(function (response) {
      if (!response.ok)
        throw new Error(url + "：" + response.status)
      return response.json()
    })
  }

  function loadShard(k) {
    if (!shards.has(k))
      shards.set(k, fetchJSON("shards/" + k + ".json").then(function (shard) {
        var tagsOnly = new Set(shard.tags_only)
        for (var term in shard.terms) {
          frequency.set(term, shard.terms[term][0])
          if (!tagsOnly.has(term))
            learnWord(term)
        }
        return shard
      }, function (error) {
        shards.delete(k)                       /* 下次再试 */
        throw error
      }))
    return shards.get(k)
  }

  function loadPage(n) {
    if (!pages.has(n))
      pages.set(n, fetchJSON("docs/" + n + ".json").catch(function (error) {
        pages.delete(n)
        throw error
      }))
    return pages.get(n)
  }

  /* 查询里可能开始一个索引词的字：每个汉字（切词要看以它开头的词），以及汉字或分隔符后的第一个字 */
  function starts(query) {
    var found = new Set()
    query.toLowerCase().split(sharded.separator).forEach(function (piece) {
      var start = true                         /* 片段开头、汉字之后，都可能开始一个词 */
      Array.from(piece).forEach(function (char) {
        var han = HAS_HAN.test(char)
        var syntax = /[+\-*~^:"\\]/.test(char)   /* lunr 的查询语法，不是词的一部分 */
        if ((han || start) && !syntax)
          found.add(char)
        start = han || (start && syntax)
      })
    })
    return Array.from(found)
  }

  /* 改写后的查询 → 要在分片里找的词（小写，去掉 lunr 语法；被排除的 -词 不找） */
  function terms(query) {
    var found = new Set()
    query.split(/\s+/).forEach(function (part) {
      if (!part || part[0] === "-")
        return
      part = part
        .replace(/^\+/, "")
        .replace(/^(title|text|tags):/, "")
        .replace(/[~^][\d.]*$/, "")
        .replace(/["*\\]/g, "")
        .toLowerCase()
      part.split(sharded.separator).forEach(function (term) {
        if (term)
          found.add(term)
      })
    })
    return Array.from(found)
  }

  function inverseFrequency(df) {
    var entries = sharded.layout.entries
    return Math.log(1 + Math.abs((entries - df + 0.5) / (df + 0.5)))
  }

  /* 粗排：每个查询词按前缀匹配分片里的词（Material 给每个词加 *），页面得分 = Σ idf × 权重 */
  function candidates(list, loaded) {
    var score = new Map()
    list.forEach(function (term, t) {
      var shard = loaded[t]
      for (var word in shard.terms) {
        if (!word.startsWith(term))
          continue
        var posting = shard.terms[word], weight = inverseFrequency(posting[0])
        for (var j = 1, page = 0; j < posting.length; j += 2) {
          page += posting[j]
          score.set(page, (score.get(page) || 0) + weight * Math.pow(2, posting[j + 1] / WEIGHT_STEPS))
        }
      }
    })
    return Array.from(score)
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0] })
      .slice(0, CANDIDATES)
      .map(function (entry) { return entry[0] })
      .sort(function (a, b) { return a - b })   /* 按原索引中的顺序交给 lunr，同分时次序不变 */
  }

  /* 把一条消息交给 Material 的 worker，等它回复（回复不转给页面）；一次只交一条，后来的排队 */
  var turn = Promise.resolve()
  function material(message) {
    var reply = turn.then(function () {
      return new Promise(function (resolve) {
        waiting = resolve
        if (handlers.length)
          deliver(message)
        else
          pending.push(message)
      })
    })
    turn = reply
    return reply
  }

  /* Material 带的 lunr 补两处（lunr 在 Material 的 worker 加载后才有，首次转交消息时补上）：
   * 一、通配符展开偶尔得出索引里没有的词（TokenSet 压缩的缺陷，例如索引里有“24*”和大量数字时
   *     查“2”），lunr 随即报错，整个查询没有结果；这里滤掉这种词。
   * 二、分片模式下 lunr 只见到一部分页面，idf 改用整个索引的文档频次，得分才与完整索引一致。 */
  var termOf = null
  function patchLunr(lunr) {
    if (!lunr || lunr.showcasePatched)
      return
    lunr.showcasePatched = true
    var query = lunr.Index.prototype.query
    lunr.Index.prototype.query = function () {
      var tokenSet = this.tokenSet, intersect = tokenSet.intersect, terms = this.invertedIndex
      tokenSet.intersect = function (other) {
        var found = intersect.call(this, other), toArray = found.toArray
        found.toArray = function () {
          return toArray.call(this).filter(function (term) { return term in terms })
        }
        return found
      }
      try {
        return query.apply(this, arguments)
      } finally {
        delete tokenSet.intersect
      }
    }
    var idf = lunr.idf, build = lunr.Builder.prototype.createFieldVectors
    lunr.Builder.prototype.createFieldVectors = function () {
      termOf = new Map()
      for (var term in this.invertedIndex)
        termOf.set(this.invertedIndex[term], term)
      try {
        return build.apply(this, arguments)
      } finally {
        termOf = null
      }
    }
    lunr.idf = function (posting, count) {
      var df = sharded && termOf && frequency.get(termOf.get(posting))
      return df ? inverseFrequency(df) : idf(posting, count)
    }
  }

  async function answer(query) {
    await Promise.all(starts(query).map(function (char) {
      return loadShard(shardOf(char, sharded.layout.count))
    }))
    var rewritten = rewrite(query), list = terms(rewritten)
    if (!list.length)
      return { type: RESULT, data: { items: [] } }
    var loaded = await Promise.all(list.map(function (term) {
      return loadShard(shardOf(term, sharded.layout.count))
    }))
    var chosen = candidates(list, loaded)
    var docs = await Promise.all(chosen.map(loadPage))
    docs.forEach(remember)
    var key = chosen.join(",")
    if (key !== given) {
      given = null
      await material({ type: SETUP, data: { config: sharded.config, docs: [].concat.apply([], docs), options: sharded.options } })
      given = key
    }
    return material({ type: QUERY, data: rewritten })
  }

  /* 查询一个接一个处理；处理期间来了新查询，旧结果作废，只回最新查询的结果 */
  function ask(query) {
    wanted = query
    if (busy)
      return
    busy = true
    var current = wanted
    wanted = null
    answer(current).catch(function (error) {
      console.warn("搜索数据加载失败：", error)
      return { type: RESULT, data: { items: [] } }
    }).then(function (result) {
      busy = false
      if (wanted === null)
        post(result)
      else
        ask(wanted)
    })
  }

  function startSharded(index) {
    var config = {}
    for (var key in index.config)
      if (key !== "shards")
        config[key] = index.config[key]
    sharded = {
      config: config,
      options: index.options || {},
      layout: index.config.shards,
      separator: new RegExp(index.config.separator, "g")
    }
    /* 页面现在就可以查询；Material 先用空索引加载 lunr 的语言包，与第一个查询下载分片同时进行 */
    material({ type: SETUP, data: { config: config, docs: [], options: sharded.options } })
    post({ type: READY })
  }

  listen("message", function (event) {
    var message = event.data
    if (message && message.type === SETUP && message.data) {
      var data = message.data
      if (data.config && data.config.shards && !(data.docs && data.docs.length))
        return startSharded(data)
      sharded = null
      learn(data)
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      if (sharded)
        return ask(message.data)
      message = { type: QUERY, data: rewrite(message.data) }
    }
    if (handlers.length)
      deliver(message)
    else
      pending.push(message)
  })

  scope.showcaseRewriteQuery = rewrite          /* 供测试调用 */
  scope.showcaseShardOf = shardOf
  /* 加载 Material 的 worker */
  importScripts(new URL(MATERIAL_WORKER, here).href)
})(self)
