// el('li', {className: 'x', dataset: {id: 1}}, 'text', child) -> a new element.
export function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  node.append(...children.filter((child) => child != null));
  return node;
}
