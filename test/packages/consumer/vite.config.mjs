// Two pages: the ESM elements and the React wrappers. public/ (the single-file bundle page) is copied as is.
export default {
  build: {
    rollupOptions: { input: { index: 'index.html', react: 'react.html' } },
  },
};
