//! Whole-page tests of `html` on small hand-made pages of the kinds it meets (names and
//! places invented).

use super::*;

/// A county government page as the common CMSs make them: government meta tags, a menu, a
/// breadcrumb, the headline, the info line, the article in a `TRS_Editor` block, a share
/// bar, a related-news list and the footer.
fn government_page(meta: &str, info: &str) -> String {
    format!(
        r##"<!DOCTYPE html><html><head><meta charset="utf-8">{meta}
<title>青山镇召开春耕生产推进会_青山县人民政府</title><style>.x{{color:red}}</style></head><body>
<div class="header"><ul class="menu"><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xw/">工作动态</a></div>
<div class="article"><h1>青山镇召开春耕生产推进会</h1>
<div class="info">{info}</div>
<div class="TRS_Editor">
<p>　　3月12日，青山镇召开春耕生产推进会，镇党委书记王明远出席会议并讲话，要求各村抓好农资供应、技术指导和农田水利建设。</p>
<p>　　会议指出，今年全镇计划种植水稻1.2万亩、油菜0.8万亩，各村要把任务落实到户，确保不误农时。</p>
<p>　　李秀兰介绍了农技服务队的安排。（王明远）</p>
</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1.html">青山镇开展植树活动，美化乡村环境</a></li><li><a href="/2.html">青山县召开安全生产会议，部署重点工作</a></li></ul></div>
</div>
<div class="footer">版权所有：青山县人民政府 技术支持：某某科技 备案号：蜀ICP备00000000号</div>
<script>var pv = "浏览次数";</script></body></html>"##
    )
}

#[test]
fn government_page_by_its_tags() {
    let page = from_html(
        &government_page(
            r#"<meta name="ArticleTitle" content="青山镇召开春耕生产推进会"><meta name="PubDate" content="2021-03-12 16:20">
               <meta name="ContentSource" content="青山县农业农村局"><meta name="Url" content="http://www.example.gov.cn/art/2021/3/12/art_1.html">"#,
            "发布时间：2021-03-13 来源：青山镇",
        ),
        None,
    );
    assert_eq!(page.meta.title.as_ref().unwrap().value, "青山镇召开春耕生产推进会");
    assert_eq!(page.meta.date.as_ref().unwrap().value.to_string(), "2021-03-12");
    assert_eq!(page.meta.source.as_ref().unwrap().value, "青山县农业农村局");
    assert_eq!(page.meta.url.as_ref().unwrap().value, "http://www.example.gov.cn/art/2021/3/12/art_1.html");
    let lines: Vec<&str> = page.text.lines().collect();
    assert_eq!(lines[0], "青山镇召开春耕生产推进会");
    assert_eq!(lines[1], "发布时间:2021-03-13 来源:青山镇");
    assert!(lines[2].starts_with("3月12日,青山镇召开春耕生产推进会"), "{}", page.text);
    assert!(lines.last().unwrap().ends_with("(王明远)"));
    for furniture in ["网站首页", "当前位置", "分享到", "相关新闻", "植树活动", "版权所有", "浏览次数", "color"]
    {
        assert!(!page.text.contains(furniture), "{furniture} in {}", page.text);
    }
}

#[test]
fn page_without_tags_uses_the_visible_headline_and_info_line() {
    let page = from_html(&government_page("", "来源：青山镇 作者：李秀兰 时间：2021年3月13日"), None);
    let title = page.meta.title.as_ref().unwrap();
    assert_eq!(title.value, "青山镇召开春耕生产推进会");
    assert!(title.from.starts_with("visible headline"));
    assert!(page.meta.date.is_none() && page.meta.source.is_none());
    // The info line goes to the text pipeline, right under the headline.
    assert_eq!(page.text.lines().nth(1), Some("来源:青山镇 作者:李秀兰 时间:2021年3月13日"));
}

#[test]
fn info_line_printed_below_the_article() {
    let html = r#"<html><head><title>李秀兰走访慰问困难群众 青山镇</title></head><body>
        <div class="bt">李秀兰走访慰问困难群众</div>
        <div id="zoom"><p>近日，镇长李秀兰带队走访慰问困难群众，送去米、油等慰问品，详细询问他们的生活情况，叮嘱村干部做好帮扶。</p></div>
        <div>发布日期：2022-01-20 责任编辑：王明远</div><div><a href="/">返回首页</a></div></body></html>"#;
    let page = from_html(html, None);
    let lines: Vec<&str> = page.text.lines().collect();
    assert_eq!(lines[..2], ["李秀兰走访慰问困难群众", "发布日期:2022-01-20 责任编辑:王明远"]);
    assert!(lines[2].starts_with("近日,镇长李秀兰"));
}

#[test]
fn editor_lines_and_counters_close_nothing_of_the_article() {
    let html = r#"<html><body><div class="content"><p>村里新修了一条路，方便群众出行，大家都很高兴，纷纷表示感谢。</p>
        <p>（责编：王明远、李秀兰）</p><p>+1</p></div></body></html>"#;
    let page = from_html(html, None);
    assert!(page.text.trim_end().ends_with("纷纷表示感谢。"), "{}", page.text);
}

#[test]
fn attachments_keep_their_address() {
    let html = r#"<html><body><div class="TRS_Editor"><p>现将有关事项通知如下，请各单位认真贯彻执行，按时报送材料。</p>
        <p>附件：<a href="/files/2021/plan.docx">青山县2021年春耕工作方案</a></p></div></body></html>"#;
    let page = from_html(html, Some("http://www.example.gov.cn/art/1.html".into()));
    assert!(
        page.text.contains("青山县2021年春耕工作方案 (http://www.example.gov.cn/files/2021/plan.docx)"),
        "{}",
        page.text
    );
}

#[test]
fn images_give_their_alt_text_and_address() {
    let html = r#"<html><body><div class="TRS_Editor"><p>青山镇组织党员干部下田帮助群众抢收小麦，确保颗粒归仓，受到群众好评。</p>
        <p><img src="/img/2021/wheat.jpg" alt="青山镇党员干部帮助群众抢收小麦"></p><p><img src="/img/logo.png" alt="IMG_0012.JPG"><img src="x.gif" alt="图片"></p>
        <p>下一步，青山镇将继续做好夏粮收购工作，保障农民增收。</p></div></body></html>"#;
    let page = from_html(html, Some("http://www.example.gov.cn/art/1.html".into()));
    assert!(
        page.text.contains("青山镇党员干部帮助群众抢收小麦 (http://www.example.gov.cn/img/2021/wheat.jpg)\n"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("IMG_0012") && !page.text.contains("图片"), "{}", page.text);
}

#[test]
fn txt_that_is_html_and_page_endings() {
    assert!(is_page(Path::new("a.txt"), b"\n  <!DOCTYPE html><html></html>"));
    assert!(is_page(Path::new("a.txt"), b"\xef\xbb\xbf<HTML><body></body></HTML>"));
    assert!(is_page(Path::new("a.SHTML"), b"whatever"));
    assert!(!is_page(Path::new("a.txt"), "青山镇召开春耕生产推进会\n<b>加粗</b>".as_bytes()));
}

#[test]
fn gbk_page_and_mhtml_page() {
    let html = government_page("<meta name=\"ArticleTitle\" content=\"青山镇召开春耕生产推进会\">", "来源：青山镇")
        .replace("<meta charset=\"utf-8\">", "<meta charset=\"gbk\">");
    let (gbk, _, _) = encoding_rs::GBK.encode(&html);
    let from_gbk = read_page(&gbk).unwrap();
    assert_eq!(from_gbk, from_html(&html, None));

    let qp: String =
        html.bytes()
            .map(|b| {
                if b.is_ascii_graphic() && b != b'=' || b == b' ' {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                }
            })
            .collect();
    let mhtml = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.gov.cn/a.html\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"--b\"\r\n\r\n----b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.example.gov.cn/a.html\r\n\r\n{qp}\r\n----b--\r\n"
    );
    let from_mhtml = read_page(mhtml.as_bytes()).unwrap();
    assert_eq!(from_mhtml.text, from_gbk.text);
    assert_eq!(from_mhtml.meta.url.unwrap().value, "http://www.example.gov.cn/a.html");
}

#[test]
fn five_megabyte_page() {
    let para = "<p>青山镇召开春耕生产推进会，镇党委书记王明远出席会议并讲话，要求各村抓好农资供应。</p>";
    let links = "<li><a href=\"/x.html\">青山县召开安全生产会议</a></li>";
    let html = format!(
        "<html><body><ul>{}</ul><div class=\"content\">{}</div></body></html>",
        links.repeat(20_000),
        para.repeat(35_000)
    );
    assert!(html.len() > 5_000_000);
    let page = from_html(&html, None);
    assert!(page.text.lines().count() >= 35_000);
    assert!(!page.text.contains("安全生产会议"));
}

#[test]
fn ten_thousand_levels_deep() {
    let depth = 10_000;
    let para = "<p>青山镇召开春耕生产推进会，镇党委书记王明远出席会议并讲话，要求各村抓好农资供应。</p>";
    for tag in ["div", "span"] {
        let html = format!(
            "<html><body>{}{para}{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        );
        let page = from_html(&html, None);
        assert!(page.text.contains("王明远出席会议"), "{tag}");
    }
}

const TEA: &str = "<p>　　3月12日，青山县农业科学研究所组织专家来到青石镇，为茶农讲解春茶管护技术，现场解答了茶农提出的二十多个问题。</p>";

#[test]
fn a_title_that_names_only_the_site_gives_way_to_the_articles_heading() {
    let html = format!(
        r#"<html><head><title>青山县农业科学研究所</title></head><body>
        <div class="logo">青山县农业科学研究所</div><ul class="menu"><li><a href="/">首页</a></li><li><a href="/a">科研动态</a></li></ul>
        <div class="main"><h5>专家走进青石镇指导春茶管护</h5><div class="info">发布时间：2021-03-13</div>
        <div class="content">{TEA}{TEA}</div></div><div class="footer">版权所有：青山县农业科学研究所</div></body></html>"#
    );
    let page = from_html(&html, None);
    let title = page.meta.title.unwrap();
    assert_eq!((title.value.as_str(), title.from), ("专家走进青石镇指导春茶管护", "heading nearest the article"));
    assert_eq!(page.text.lines().nth(1), Some("发布时间:2021-03-13"));
}

#[test]
fn a_title_the_page_never_shows_gives_way_to_the_articles_heading() {
    let html = format!(
        r#"<html><head><title>科研动态 - 青山县农业科学研究所</title></head><body>
        <div class="main"><div class="tit"><h5>专家走进青石镇指导春茶管护</h5></div><div class="info">发布时间：2021-03-13</div>
        <div class="content">{TEA}{TEA}</div></div></body></html>"#
    );
    assert_eq!(from_html(&html, None).meta.title.unwrap().value, "专家走进青石镇指导春茶管护");
    // A heading that is the site's name (in the <title> after the headline) is no headline.
    let html = format!(
        r#"<html><head><title>青石镇春茶开采 - 青山县农业科学研究所</title></head><body>
        <h1>青山县农业科学研究所</h1><div class="content">{TEA}{TEA}</div></body></html>"#
    );
    assert_eq!(from_html(&html, None).meta.title.unwrap().value, "青石镇春茶开采");
}

#[test]
fn a_source_tag_whose_bracket_is_cut() {
    let html = format!(
        r#"<html><head><meta name="source" content="青山日报·青山网(青石"><title>青石镇春茶开采</title></head>
        <body><div class="content">{TEA}{TEA}</div></body></html>"#
    );
    assert_eq!(from_html(&html, None).meta.source.unwrap().value, "青山日报·青山网");
}
