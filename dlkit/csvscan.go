package dlkit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// csvScanner splits CSV text into rows of fields, as RFC 4180 describes, with what files in
// the wild need besides:
//
//   - a UTF-8 byte order mark at the very start is skipped;
//   - lines end in \n or \r\n, and the last one may end without either;
//   - blank lines (nothing but spaces and tabs) and comment lines (whose first character
//     other than a space or tab is #) are skipped;
//   - spaces and tabs around a field are not part of it;
//   - a field in double quotes is taken as it is between them, commas, line ends and spaces
//     included, with "" for a quote; text after its closing quote, or a quote inside a field
//     that does not start with one, is an error.
//
// It never holds more than one row: a line, or a row that a quoted field spreads over lines,
// of more than MaxLineBytes bytes, or a row of more than maxFields fields, is an error.
type csvScanner struct {
	r         *bufio.Reader
	maxFields int
	line      int    // lines read so far
	long      []byte // a line longer than r's buffer, put together
	buf       []byte // the contents of the row's fields, one after another
	fields    []csvField
	started   bool // past the byte order mark
}

// csvField is one field of a row: its contents buf[start:end], the line it starts on, and
// whether it was quoted.
type csvField struct {
	start, end int
	line       int
	quoted     bool
}

func newCSVScanner(r io.Reader, maxFields int) *csvScanner {
	return &csvScanner{r: bufio.NewReaderSize(r, 64<<10), maxFields: maxFields}
}

// A csvSyntaxError is a row the scanner cannot split: where and why.
type csvSyntaxError struct {
	line, field int // field from 1; 0 for the whole row
	err         error
}

func (e *csvSyntaxError) Error() string { return e.err.Error() }

func syntaxError(line, field int, format string, args ...any) error {
	return &csvSyntaxError{line, field, fmt.Errorf(format, args...)}
}

var errLineTooLong = fmt.Errorf("longer than %d bytes, beyond the limit (dlkit.MaxLineBytes): %w", MaxLineBytes, ErrLimit)

// readLine returns the next line, with its line end, or io.EOF after the last. The slice is
// valid until the next call.
func (s *csvScanner) readLine() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(s.long) > MaxLineBytes {
				return nil, syntaxError(s.line+1, 0, "the line is %w", errLineTooLong)
			}
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if len(line) > MaxLineBytes {
		return nil, syntaxError(s.line+1, 0, "the line is %w", errLineTooLong)
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	s.line++
	if !s.started {
		s.started = true
		line = bytes.TrimPrefix(line, []byte("\uFEFF"))
	}
	return line, nil
}

// next reads the next row into s.fields and s.buf. It returns false at the end of the data.
func (s *csvScanner) next() (bool, error) {
	var line []byte
	for {
		l, err := s.readLine()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		t := bytes.TrimLeft(l, " \t")
		if len(t) > 0 && t[0] == '#' || len(bytes.TrimRight(t, "\r\n")) == 0 {
			continue // a comment or a blank line
		}
		line = l
		break
	}
	s.buf, s.fields = s.buf[:0], s.fields[:0]
	rowBytes := len(line)
	pos := 0
	for {
		for pos < len(line) && (line[pos] == ' ' || line[pos] == '\t') {
			pos++
		}
		if len(s.fields) == s.maxFields {
			return false, syntaxError(s.line, 0, "more than %d fields, beyond the limit of %d features (dlkit.MaxFeatures) and a label: %w", s.maxFields, s.maxFields-1, ErrLimit)
		}
		f := csvField{start: len(s.buf), line: s.line}
		n := len(s.fields) + 1 // the field's number
		if pos < len(line) && line[pos] == '"' {
			f.quoted = true
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 { // the field goes on to the next line
					s.buf = append(s.buf, line[pos:]...)
					next, err := s.readLine()
					if err == io.EOF {
						return false, syntaxError(f.line, n, "the quoted field is never closed")
					}
					if err != nil {
						return false, err
					}
					if rowBytes += len(next); rowBytes > MaxLineBytes {
						return false, syntaxError(f.line, 0, "the row is %w", errLineTooLong)
					}
					line, pos = next, 0
					continue
				}
				s.buf = append(s.buf, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' { // "" stands for "
					s.buf = append(s.buf, '"')
					pos++
					continue
				}
				break
			}
			for pos < len(line) && (line[pos] == ' ' || line[pos] == '\t') {
				pos++
			}
			if pos < len(line) && line[pos] != ',' && !isLineEnd(line[pos:]) {
				return false, syntaxError(s.line, n, "text after the closing quote: %q", clipField(line[pos:]))
			}
		} else {
			end := pos
			for end < len(line) && line[end] != ',' && !isLineEnd(line[end:]) {
				if line[end] == '"' {
					return false, syntaxError(s.line, n, `a quote inside a field that does not start with one (quote the whole field, and write a quote as "")`)
				}
				end++
			}
			s.buf = append(s.buf, bytes.TrimRight(line[pos:end], " \t")...)
			pos = end
		}
		f.end = len(s.buf)
		s.fields = append(s.fields, f)
		if pos < len(line) && line[pos] == ',' {
			pos++
			continue
		}
		return true, nil
	}
}

// isLineEnd reports whether b starts with the end of a line: \n, or \r\n.
func isLineEnd(b []byte) bool {
	return b[0] == '\n' || b[0] == '\r' && (len(b) == 1 || b[1] == '\n') // a lone \r only at the end of the data
}

// field returns the contents of field j of the row.
func (s *csvScanner) field(j int) []byte { return s.buf[s.fields[j].start:s.fields[j].end] }

// clipField returns at most 20 bytes of b, for an error message.
func clipField(b []byte) []byte {
	b = bytes.TrimRight(b, "\r\n")
	if len(b) > 20 {
		return b[:20]
	}
	return b
}
