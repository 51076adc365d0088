//! The page parser: normalised lines become an [`ImportedPage`] (number, title, criteria and
//! guidance sections), or an [`ImportError`] naming the line.

use super::lines::{
    ItemLine, Line, bullet, is_heading_like, is_quote, item_line, join, looks_like_item_line,
    marker,
};
use super::{ImportError, ImportedPage, KNOWN_HEADINGS};
use crate::scale::model::{Block, Criterion, Section};
use crate::scale::pack::criterion_id;

/// Reads a page from its normalised lines. `file` names it in errors.
pub(super) fn read_page(file: &str, lines: Vec<Line>) -> Result<ImportedPage, ImportError> {
    Parser {
        file,
        lines,
        pos: 0,
    }
    .page()
}

struct Parser<'a> {
    file: &'a str,
    lines: Vec<Line>,
    /// The next line to read.
    pos: usize,
}

/// A criterion being read: its marker's line and the text so far.
struct Open {
    line: usize,
    text: Vec<String>,
}

impl Parser<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        }
    }

    fn page(mut self) -> Result<ImportedPage, ImportError> {
        let (item_line, number, inline_title) = self.number()?;
        let (title_line, title) = match inline_title {
            Some(title) => (item_line, title),
            None => self.title(item_line)?,
        };
        let criteria = self.criteria(title_line)?;
        let guidance = self.guidance()?;
        Ok(ImportedPage {
            number,
            title,
            criteria,
            guidance,
        })
    }

    /// Moves `pos` to the next line that is neither blank nor navigation; returns it.
    fn skip_chrome(&mut self) -> Option<&Line> {
        while self
            .lines
            .get(self.pos)
            .is_some_and(|line| line.is_blank() || line.is_navigation())
        {
            self.pos += 1;
        }
        self.lines.get(self.pos)
    }

    /// Finds the `Item N` line: its line number, the number, and a title on the same line.
    fn number(&mut self) -> Result<(usize, u16, Option<String>), ImportError> {
        let mut found = None;
        // Where no `Item N` line is found, the first line that came close, for the message.
        let mut bad_number: Option<(usize, String)> = None;
        let mut near_miss: Option<&Line> = None;
        for (index, line) in self.lines.iter().enumerate() {
            match item_line(&line.text) {
                Some(ItemLine::Number(number, title)) => {
                    found = Some((index, number, title));
                    break;
                }
                Some(ItemLine::BadNumber(word)) => {
                    bad_number.get_or_insert((line.number, word));
                }
                None if looks_like_item_line(&line.text) => {
                    near_miss.get_or_insert(line);
                }
                None => {}
            }
        }
        let Some((mut index, mut number, mut title)) = found else {
            let message =
                "no `Item N` line: a page gives its item number (as in `Item 25`) before its title";
            return Err(match (bad_number, near_miss) {
                (Some((line, word)), _) => self.error(
                    line,
                    format!(
                        "{word:?} is not an item number (expected a whole number from 1, as in `Item 25`)"
                    ),
                ),
                (None, Some(line)) => self.error(
                    line.number,
                    format!("{message}; this line has no number: {:?}", line.text),
                ),
                (None, None) => self.error(1, message),
            });
        };
        // A breadcrumb `Item N` may come before the page's own.
        loop {
            self.pos = index + 1;
            if title.is_some() {
                break;
            }
            let Some(next) = self.skip_chrome() else {
                break;
            };
            match item_line(&next.text) {
                Some(ItemLine::Number(n, t)) => (index, number, title) = (self.pos, n, t),
                Some(ItemLine::BadNumber(_)) | None => break,
            }
        }
        Ok((self.lines[index].number, number, title))
    }

    /// Reads the title after the `Item N` line: its line number and text.
    fn title(&mut self, item_line: usize) -> Result<(usize, String), ImportError> {
        let (title_line, can_be_title) = match self.skip_chrome() {
            Some(first) => (
                first.number,
                !(first.is_target_heading()
                    || first.known_heading().is_some()
                    || marker(&first.text).is_some()),
            ),
            None => (item_line, false),
        };
        if !can_be_title {
            return Err(self.error(
                title_line,
                "no title: the line after `Item N` should be the item's title",
            ));
        }
        let mut parts = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            let ends_title = line.is_blank()
                || line.is_target_heading()
                || line.known_heading().is_some()
                || marker(&line.text).is_some_and(|m| m.letter == 'a');
            if ends_title {
                break;
            }
            parts.push(line.text.as_str());
            self.pos += 1;
        }
        Ok((title_line, join(parts)))
    }

    /// Reads the criteria after the title (and an optional `Target` heading).
    fn criteria(&mut self, title_line: usize) -> Result<Vec<Criterion>, ImportError> {
        let target_line = match self.skip_chrome() {
            Some(line) if line.is_target_heading() => {
                let number = line.number;
                self.pos += 1;
                Some(number)
            }
            _ => None,
        };

        let mut criteria: Vec<Criterion> = Vec::new();
        let mut open: Option<Open> = None;
        let mut after_blank = false;
        while let Some(line) = self.lines.get(self.pos) {
            if line.is_blank() {
                after_blank = true;
                self.pos += 1;
                continue;
            }
            if line.known_heading().is_some() {
                break;
            }
            let expected = criterion_id(criteria.len() + usize::from(open.is_some()));
            match marker(&line.text) {
                Some(m) if expected.starts_with(m.letter) && expected.len() == 1 => {
                    if let Some(done) = open.take() {
                        criteria.push(self.finish(done, criteria.len())?);
                    }
                    open = Some(Open {
                        line: line.number,
                        text: vec![m.rest.to_owned()],
                    });
                }
                Some(m) if m.parenthesised => {
                    return Err(self.error(
                        line.number,
                        format!(
                            "criterion {}) is out of order: the next criterion should be {expected})",
                            m.letter
                        ),
                    ));
                }
                _ => match open.as_mut() {
                    Some(open) if !after_blank => open.text.push(line.text.clone()),
                    _ => break,
                },
            }
            after_blank = false;
            self.pos += 1;
        }
        if let Some(done) = open.take() {
            criteria.push(self.finish(done, criteria.len())?);
        }
        let found = self.lines.get(self.pos);
        let guidance_follows = found.is_some_and(|line| line.known_heading().is_some());
        if criteria.is_empty() && (target_line.is_some() || !guidance_follows) {
            // An item with no criteria (rated directly) goes straight on to its guidance; a
            // page that started criteria, or has neither, is broken.
            return Err(match (target_line, found) {
                (Some(line), _) => self.error(
                    line,
                    "a `Target` heading with no criteria (`a) …`) after it",
                ),
                (None, Some(found)) => self.error(
                    found.number,
                    format!(
                        "no criteria: expected the first criterion, `a) …`, but found {:?}",
                        found.text
                    ),
                ),
                (None, None) => self.error(
                    title_line,
                    "no criteria: the page ends after the title, with no `a) …`",
                ),
            });
        }
        Ok(criteria)
    }

    /// Closes a criterion being read, which must have text.
    fn finish(&self, open: Open, index: usize) -> Result<Criterion, ImportError> {
        let id = criterion_id(index);
        let text = join(open.text.iter().map(String::as_str));
        if text.is_empty() {
            return Err(self.error(open.line, format!("criterion {id}) has no text")));
        }
        Ok(Criterion {
            id,
            text,
            guidance: None,
        })
    }

    /// Reads the guidance sections after the criteria.
    fn guidance(&mut self) -> Result<Vec<Section>, ImportError> {
        let mut guidance = Guidance::default();
        while self.pos < self.lines.len() {
            let start = self.pos;
            while self
                .lines
                .get(self.pos)
                .is_some_and(|line| !line.is_blank())
            {
                self.pos += 1;
            }
            let group = &self.lines[start..self.pos];
            self.pos += 1;
            match group {
                [] => {}
                [line] if line.is_navigation() => {}
                _ => guidance
                    .group(group)
                    .map_err(|(line, message)| self.error(line, message))?,
            }
        }
        Ok(guidance.finish())
    }
}

/// The guidance sections as they are read.
#[derive(Default)]
struct Guidance {
    sections: Vec<Section>,
}

/// A place in the page and what is wrong there.
type Misplaced = (usize, String);

impl Guidance {
    /// Reads one group of lines (between blank lines).
    fn group(&mut self, lines: &[Line]) -> Result<(), Misplaced> {
        let mut paragraph: Vec<&Line> = Vec::new();
        // The indent of the bullet being read, while a line directly under it may continue it.
        let mut bullet_indent: Option<usize> = None;
        for line in lines {
            let is_decoration =
                !line.text.chars().any(char::is_alphanumeric) && bullet(&line.text) != Some("");
            if is_decoration {
                continue;
            }
            if let Some(heading) = line.known_heading() {
                self.paragraph(&mut paragraph)?;
                self.open(heading.to_owned());
                bullet_indent = None;
            } else if let Some(text) = bullet(&line.text) {
                self.paragraph(&mut paragraph)?;
                self.bullet(line.number, text.to_owned())?;
                bullet_indent = Some(line.indent);
            } else if bullet_indent.is_some_and(|indent| line.indent > 0 || indent == 0)
                || self.last_bullet_is_empty()
            {
                self.continue_bullet(&line.text);
            } else {
                bullet_indent = None;
                paragraph.push(line);
            }
        }
        self.paragraph(&mut paragraph)
    }

    fn open(&mut self, heading: String) {
        self.sections.push(Section {
            heading,
            blocks: Vec::new(),
        });
    }

    /// The blocks of the open section, or where text stands before any heading.
    fn blocks(&mut self, line: usize, what: &str) -> Result<&mut Vec<Block>, Misplaced> {
        match self.sections.last_mut() {
            Some(section) => Ok(&mut section.blocks),
            None => Err((
                line,
                format!(
                    "{what} after the criteria but before any heading (such as \"{}\")",
                    KNOWN_HEADINGS[0]
                ),
            )),
        }
    }

    fn bullet(&mut self, line: usize, text: String) -> Result<(), Misplaced> {
        let blocks = self.blocks(line, "a bullet")?;
        match blocks.last_mut() {
            Some(Block::Bullets(bullets)) => bullets.push(text),
            _ => blocks.push(Block::Bullets(vec![text])),
        }
        Ok(())
    }

    /// The bullet being read, if the open section's last block is a list.
    fn last_bullet(&mut self) -> Option<&mut String> {
        match self.sections.last_mut()?.blocks.last_mut()? {
            Block::Bullets(bullets) => bullets.last_mut(),
            _ => None,
        }
    }

    fn last_bullet_is_empty(&mut self) -> bool {
        self.last_bullet().is_some_and(|bullet| bullet.is_empty())
    }

    fn continue_bullet(&mut self, text: &str) {
        if let Some(bullet) = self.last_bullet() {
            *bullet = join([bullet.as_str(), text]);
        }
    }

    /// The sections read, without bullets that never got any words.
    fn finish(mut self) -> Vec<Section> {
        for section in &mut self.sections {
            for block in &mut section.blocks {
                if let Block::Bullets(bullets) = block {
                    bullets.retain(|bullet| !bullet.is_empty());
                }
            }
            section
                .blocks
                .retain(|block| !matches!(block, Block::Bullets(bullets) if bullets.is_empty()));
        }
        self.sections
    }

    /// Closes the paragraph being read (if any) as a heading, sub-heading, quote or paragraph.
    fn paragraph(&mut self, lines: &mut Vec<&Line>) -> Result<(), Misplaced> {
        let Some(first) = lines.first().map(|line| line.number) else {
            return Ok(());
        };
        let text = join(lines.iter().map(|line| line.text.as_str()));
        let standalone = lines.len() == 1;
        lines.clear();
        if is_quote(&text) {
            self.blocks(first, "a quotation")?.push(Block::Quote(text));
        } else if standalone && is_heading_like(&text) {
            match self.sections.last_mut() {
                Some(section) => section.blocks.push(Block::Subheading(text)),
                None => self.open(text),
            }
        } else {
            self.blocks(first, "a paragraph")?
                .push(Block::Paragraph(text));
        }
        Ok(())
    }
}
